// The README's Performance table on stdout, and bench/results.json with every raw sample and the
// machine the rows were measured on.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromiumPath } from '../scripts/shared/chromium.ts';
import { only, P1_RUNS, quick, RUNS, type Row } from './harness.ts';

const exec = promisify(execFile);
/** The rows in the order of the README's table. */
const ORDER = ['P1', 'P1b', 'P2', 'P3', 'P4', 'P5', 'P5b', 'P6', 'P6c', 'P6d', 'P6b', 'P7', 'P8', 'P9', 'P10', 'P10b', 'P11'];

export async function report(measured: Row[]): Promise<void> {
  // A group that did not finish is one row under its ids ("P1, P1b, P7"): placed by the first.
  const place = (row: Row) => ORDER.indexOf(row.id.split(', ')[0]!);
  const rows = [...measured].sort((a, b) => place(a) - place(b));
  const { stdout: chromiumVersion } = await exec(chromiumPath, ['--version']).catch(() => ({ stdout: 'unknown' }));
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    chromium: chromiumVersion.trim(),
    quick,
    only: only ?? 'all',
    runs: RUNS,
    p1Runs: P1_RUNS,
  };
  const header = ['id', 'measure', 'ours', 'baseline (same run)', 'ratio', 'target', 'result'];
  const table = [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${[row.id, row.measure, row.ours, row.baseline, row.ratio, row.target, row.pass === null ? '—' : row.pass ? 'pass' : 'FAIL'].join(' | ')} |`),
  ].join('\n');
  console.log(table);
  console.log(`\n${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.chromium}; median of ${RUNS} run(s) (P1: ${P1_RUNS})${quick ? ', --quick' : ''}`);
  await writeFile(resolve('bench/results.json'), JSON.stringify({ at: new Date().toISOString(), machine, rows }, null, 2));
}
