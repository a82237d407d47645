/** Counts reader warnings by (kind, detail), remembering the first line of each. */
import type { ReadWarning } from './table.js';

export class WarningCounter {
  private readonly byKey = new Map<string, ReadWarning>();

  add(kind: ReadWarning['kind'], detail: string, line: number): void {
    const key = `${kind}\u0000${detail}`;
    const w = this.byKey.get(key);
    if (w) w.count++;
    else this.byKey.set(key, { kind, detail, count: 1, firstLine: line });
  }

  list(): ReadWarning[] {
    return [...this.byKey.values()];
  }
}

/** Warnings of two tables merged (for concatTables), summing counts of the same kind and detail. */
export function mergeWarnings(a: readonly ReadWarning[] = [], b: readonly ReadWarning[] = []): ReadWarning[] {
  const out = new Map<string, ReadWarning>();
  for (const w of [...a, ...b]) {
    const key = `${w.kind}\u0000${w.detail}`;
    const seen = out.get(key);
    if (seen) seen.count += w.count;
    else out.set(key, { ...w });
  }
  return [...out.values()];
}
