/** Durations in config are text with a unit ("30s", "4h", "1h30m", "7d"), so "4" can never mean 4 what? */

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

export class DurationParseError extends Error {
  override readonly name = 'DurationParseError';
}

/** Seconds in a duration text. 'forever' (or 'permanent') gives 0, the records' "until revoked". */
export function parseDuration(text: string): number {
  const t = text.trim();
  if (t === 'forever' || t === 'permanent') return 0;
  if (t.startsWith('-')) throw new DurationParseError(`"${text}" is negative; a duration must be >= 0`);
  if (/^\d+(\.\d+)?$/.test(t))
    throw new DurationParseError(`"${text}" has no unit; write e.g. "30s", "30m", "4h", "7d"`);
  const re = /(\d+(?:\.\d+)?)([smhdw])/gy;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(t); m !== null; m = re.exec(t)) {
    total += Number(m[1]) * UNIT_SECONDS[m[2]!]!;
    consumed = re.lastIndex;
  }
  if (consumed !== t.length || t.length === 0) {
    throw new DurationParseError(`"${text}" is not a duration; write e.g. "30s", "30m", "4h", "1h30m", "7d"`);
  }
  return Math.round(total);
}

export function formatDuration(seconds: number): string {
  if (seconds === 0) return 'forever';
  const parts: string[] = [];
  let rest = Math.round(seconds);
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join('');
}
