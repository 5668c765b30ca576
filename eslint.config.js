import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-empty-pattern': 'off',
    },
  },
  {
    // The build leaves idb's async iterators out (scripts/build/idbWithoutIterators.ts).
    files: ['src/**', 'sw/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ForOfStatement[await=true]', message: "The build leaves idb's async iterators out (scripts/build/idbWithoutIterators.ts): read with getAll, or a cursor's continue()." },
        { selector: "CallExpression > MemberExpression.callee[property.name='iterate']", message: "The build leaves idb's .iterate() out (scripts/build/idbWithoutIterators.ts)." },
      ],
    },
  },
);
