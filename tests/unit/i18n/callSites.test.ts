import { describe, expect, expectTypeOf, it } from 'vitest';
import { t } from '../../../src/i18n/translate.ts';
import type { ArgsOf } from '../../../src/i18n/types.ts';

// The checks that matter here are the type checker's (npm run typecheck reads this file): a call
// with a missing, extra or misspelt argument does not compile.
describe('call sites', () => {
  it('take the arguments the English message names, at any depth, and no others', () => {
    expectTypeOf<keyof ArgsOf<'app.name'>>().toEqualTypeOf<never>();
    expectTypeOf<ArgsOf<'sw.failed'>>().toEqualTypeOf<{ title: string | number }>();
    expectTypeOf<ArgsOf<'select.download'>>().toEqualTypeOf<{ count: number; total: string | number }>();
    expectTypeOf<ArgsOf<'player.skip'>>().toEqualTypeOf<{ direction: string | number; seconds: number }>();
    expectTypeOf<ArgsOf<'notice.configBroken'>>().toEqualTypeOf<{ file: string | number; why: string | number; kept: string | number }>();
    expect(t('player.skip', { direction: 'back', seconds: 10 })).toBe('Back 10 seconds');
    // @ts-expect-error a missing argument
    expect(t('player.skip', { direction: 'back' })).toBe('Back {seconds}');
    // @ts-expect-error arguments where the message has none
    t('app.name', { name: 'x' });
    // @ts-expect-error a misspelt one
    t('sw.failed', { titel: 'x' });
  });
});
