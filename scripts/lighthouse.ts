// Lighthouse on the built app as `npm start` serves it (the demo server, its episodes), with
// Lighthouse's default settings: a mid-range phone on a slow 4G connection, simulated.
// Prints the four category scores and every audit that fails, and writes the reports to
// lighthouse-report/ (git-ignored). Exits 1 unless every category scores 100.
// Usage: npm run lighthouse (builds first), or after `npx vite build`: npx tsx scripts/lighthouse.ts
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { demoEpisodes, subscriberEpisodes } from '../server/demoCatalog.ts';
import { startEpisodeServer } from '../server/episodeServer.ts';
import { chromiumArgs, chromiumPath } from './shared/chromium.ts';

const REPORT_DIR = resolve('lighthouse-report');

const server = await startEpisodeServer({ demo: true, appDir: resolve('dist'), episodes: [...demoEpisodes, ...subscriberEpisodes] });
// A server that has served before: the demo server compresses a file the first time it is asked
// for (server/appFiles.ts, brotli at its best, the event loop held: cold, the stylesheet took
// 104 ms to answer, warm 14–28 ms), which a deployment does once, not during a viewer's load. Lighthouse's simulation takes each response's
// observed server time as the server's: a cold start added up to a tenth of a second to the paints.
const DIST = resolve('dist');
for (const file of await readdir(DIST, { recursive: true, withFileTypes: true })) {
  if (file.isFile()) await fetch(`${server.origin}/${relative(DIST, resolve(file.parentPath, file.name))}`, { headers: { 'accept-encoding': 'br' } }).then((response) => response.arrayBuffer());
}
const chrome = await launch({ chromePath: chromiumPath, chromeFlags: ['--headless=new', ...chromiumArgs] });
try {
  const result = await lighthouse(`${server.origin}/`, { port: chrome.port, output: ['json', 'html'], logLevel: 'error' });
  if (!result) throw new Error('Lighthouse returned no result');
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
  const [json = '', html = ''] = Array.isArray(result.report) ? result.report : [result.report];
  await mkdir(REPORT_DIR, { recursive: true });
  await writeFile(resolve(REPORT_DIR, 'report.json'), json);
  await writeFile(resolve(REPORT_DIR, 'report.html'), html);

  const categories = Object.values(lhr.categories);
  console.log(`Lighthouse ${lhr.lighthouseVersion}, ${lhr.environment.hostUserAgent}, ${lhr.configSettings.formFactor}`);
  for (const category of categories) console.log(`${category.title}: ${Math.round((category.score ?? 0) * 100)}`);
  const metrics = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'];
  console.log(`  ${metrics.map((id) => `${lhr.audits[id]?.title}: ${lhr.audits[id]?.displayValue}`).join(' · ')}`);
  // Failing as the report shows it: below Lighthouse's pass mark (0.9), among the audits a
  // category counts or shows (manual, informative and not applicable ones have no score).
  const counted = new Set(categories.flatMap((category) => category.auditRefs.map((ref) => ref.id)));
  const failing = Object.values(lhr.audits).filter((audit) => counted.has(audit.id) && audit.score !== null && audit.score < 0.9);
  console.log(failing.length ? 'Failing audits:' : 'No failing audits.');
  for (const audit of failing) console.log(`  ${audit.id} (${Math.round((audit.score ?? 0) * 100)}): ${audit.title}${audit.displayValue ? ` — ${audit.displayValue}` : ''}`);
  // Audits Lighthouse could not run (this Lighthouse may not read every trace event of a newer Chromium).
  const broken = Object.values(lhr.audits).filter((audit) => counted.has(audit.id) && audit.scoreDisplayMode === 'error');
  if (broken.length) console.log(`Could not run: ${broken.map((audit) => audit.id).join(', ')} (${broken[0]?.errorMessage})`);
  console.log(`Reports: ${REPORT_DIR}/report.{json,html}`);
  if (categories.some((category) => category.score !== 1)) process.exitCode = 1;
} finally {
  chrome.kill();
  await server.close();
}
