import { describe, expect, it } from 'vitest';
import { demoEpisodes } from '../../../server/demoCatalog.ts';
import { startEpisodeServer } from '../../../server/episodeServer.ts';
import { startTestServer } from '../../../server/testServer.ts';

const episodes = [demoEpisodes[0]!];

describe('the test server', () => {
  it('keeps only the last requests of each log', async () => {
    const server = await startTestServer({ demo: true, episodes, logLimit: 3 });
    try {
      for (let i = 0; i < 5; i += 1) await fetch(`${server.origin}/media/missing-${i}`);
      expect(server.mediaRequests.map((request) => request.path)).toEqual(['/media/missing-2', '/media/missing-3', '/media/missing-4']);
    } finally {
      await server.close();
    }
  });

  it('turns faults the production server does not have', async () => {
    const [production, test] = await Promise.all([startEpisodeServer({ demo: true, episodes }), startTestServer({ demo: true, episodes })]);
    try {
      expect(Object.keys(production).sort()).toEqual(['cdnOrigin', 'close', 'origin', 'port']);
      test.faults.mediaStatus = 503;
      expect((await fetch(`${test.origin}/media/${episodes[0]!.id}`, { redirect: 'manual' })).status).toBe(503);
      expect((await fetch(`${production.origin}/media/${episodes[0]!.id}`, { redirect: 'manual' })).status).toBe(302);
    } finally {
      await Promise.all([production.close(), test.close()]);
    }
  });
});
