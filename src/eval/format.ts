/** Number formatting shared by the text table and the markdown report. */

export function pct(x: number): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : 'n/a';
}

export function fixed(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : 'n/a';
}

/** 1234567 -> '1.23M', 45600 -> '45.6k'. */
export function rate(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)}M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)}k`;
  return x.toFixed(0);
}

/** Microseconds, switching to ms above 1000. */
export function micros(us: number): string {
  if (!Number.isFinite(us)) return 'n/a';
  if (us >= 1000) return `${(us / 1000).toFixed(2)}ms`;
  return `${us.toFixed(us >= 100 ? 0 : 1)}us`;
}

export function seconds(s: number): string {
  return Number.isFinite(s) ? `${s.toFixed(1)}s` : 'n/a';
}
