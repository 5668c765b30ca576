/** Parses a human byte rate such as "2mb", "500kb" or "1048576" into bytes per second. */
export function parseByteRate(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?\s*(?:\/s)?\s*$/i.exec(text);
  if (!match) throw new Error(`Not a byte rate: "${text}" (try 500kb or 2mb)`);
  const units: Record<string, number> = { b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };
  const rate = Math.round(Number(match[1]) * (units[(match[2] ?? 'b').toLowerCase()] ?? 1));
  if (rate <= 0) throw new Error(`A byte rate must be positive: "${text}"`);
  return rate;
}
