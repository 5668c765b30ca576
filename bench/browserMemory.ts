import { readdir, readFile } from 'node:fs/promises';

/**
 * Resident memory of a whole Chromium (the browser process found by its profile directory, and
 * every process under it: renderers, GPU, network, storage), in bytes. Linux /proc only.
 */
export async function browserRss(profileDir: string): Promise<number> {
  const processes = new Map<number, { parent: number; rss: number; cmdline: string }>();
  for (const name of await readdir('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      const rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
      const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
      processes.set(pid, { parent, rss, cmdline });
    } catch {
      // The process ended while being read.
    }
  }
  const roots = [...processes].filter(
    ([, p]) => p.cmdline.includes(`--user-data-dir=${profileDir}`) && !p.cmdline.includes('--type='),
  );
  const inBrowser = new Set(roots.map(([pid]) => pid));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, p] of processes) {
      if (!inBrowser.has(pid) && inBrowser.has(p.parent)) {
        inBrowser.add(pid);
        grew = true;
      }
    }
  }
  let total = 0;
  for (const pid of inBrowser) total += processes.get(pid)?.rss ?? 0;
  return total;
}
