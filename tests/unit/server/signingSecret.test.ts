import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEpisodes } from '../../../server/demoCatalog.ts';
import { startEpisodeServer } from '../../../server/episodeServer.ts';
import { checkSignature } from '../../../server/signing.ts';

const MAIN = resolve(import.meta.dirname, '../../../server/main.ts');

/** Servers a failed test left running, stopped after the suite. */
const running = new Set<ChildProcess>();

interface Run {
  code: number | null;
  stdout: string[];
  stderr: string;
}

/**
 * `tsx server/main.ts …` as `npm run serve` starts it; resolves when it exits or once it says
 * where it listens, with what it printed so far (the process is then stopped).
 */
function runMain(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const run: Run = { code: null, stdout: [], stderr: '' };
  child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
  return new Promise((resolve) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      run.stdout.push(line);
      if (/^Offline Episodes: /.test(line)) {
        child.once('exit', () => resolve(run));
        child.kill();
      }
    });
    child.once('exit', (code) => {
      run.code = code;
      resolve(run);
    });
  });
}

describe('the media signing secret', () => {
  let app: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    app = await mkdtemp(join(tmpdir(), 'signing-secret-'));
    await writeFile(join(app, 'index.html'), '<!doctype html><title>App</title>');
    env = { ...process.env, PORT: '0' };
    delete env.MEDIA_SIGNING_SECRET;
  });
  afterAll(async () => {
    for (const child of running) child.kill();
    await rm(app, { recursive: true });
  });

  it('is required: without MEDIA_SIGNING_SECRET or --demo the server refuses to start and says how to set it', async () => {
    const run = await runMain(['--app', app], env);
    expect(run.stdout.join('\n')).not.toMatch(/Offline Episodes: /);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('MEDIA_SIGNING_SECRET is not set');
    expect(run.stderr).toContain('--demo');
  }, 30_000);

  it('with --demo is a random one for this run, and the log says so', async () => {
    const run = await runMain(['--app', app, '--demo'], env);
    expect(run.stdout.join('\n')).toMatch(/Offline Episodes: http:\/\/localhost:\d+\//);
    expect(run.stdout.join('\n')).toContain('Demo mode: media links signed with a random secret');
  }, 30_000);

  it('is used when set', async () => {
    const run = await runMain(['--app', app], { ...env, MEDIA_SIGNING_SECRET: 'an operator’s long random secret' });
    expect(run.stdout.join('\n')).toContain('Media links signed with MEDIA_SIGNING_SECRET');
  }, 30_000);

  it('of a demo server is its own: no known secret signs its links, and one demo server refuses another’s', async () => {
    const episodes = [demoEpisodes[0]!];
    const [one, other] = await Promise.all([startEpisodeServer({ demo: true, episodes }), startEpisodeServer({ demo: true, episodes })]);
    try {
      const redirect = await fetch(`${one.origin}/media/${episodes[0]!.id}`, { redirect: 'manual' });
      const link = new URL(redirect.headers.get('location') ?? '', one.origin);
      expect(link.pathname).toBe(`/cdn/${episodes[0]!.id}`);
      expect((await fetch(link)).status).toBe(200);
      const now = Math.floor(Date.now() / 1000);
      for (const known of ['demo-secret-change-me', 'nginx-demo-secret', '']) expect(checkSignature(known, link.pathname, link.searchParams, now)).toBe('bad-signature');
      const elsewhere = await fetch(`${other.origin}${link.pathname}${link.search}`);
      expect(elsewhere.status).toBe(403);
    } finally {
      await Promise.all([one.close(), other.close()]);
    }
  });

  it('cannot be empty', async () => {
    await expect(startEpisodeServer({ secret: '', episodes: [] })).rejects.toThrow(/empty signing secret/);
  });
});
