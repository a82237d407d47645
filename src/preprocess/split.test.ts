import { describe, expect, it } from 'vitest';
import type { LabeledTable } from '../datasets/table.js';
import { splitTable, stratifiedSplit } from './split.js';

const strata = [
  ...Array<string>(600).fill('normal'),
  ...Array<string>(300).fill('dos'),
  ...Array<string>(90).fill('r2l'),
  ...Array<string>(10).fill('u2r'),
];

describe('stratifiedSplit', () => {
  it('puts round(n·f) of every stratum in test, and every row exactly once', () => {
    const { train, test } = stratifiedSplit(strata, 0.3, 7);
    expect(train.length + test.length).toBe(strata.length);
    expect(new Set([...train, ...test]).size).toBe(strata.length);
    const count = (idx: Int32Array, s: string) => Array.from(idx).filter((i) => strata[i] === s).length;
    expect(count(test, 'normal')).toBe(180);
    expect(count(test, 'dos')).toBe(90);
    expect(count(test, 'r2l')).toBe(27);
    expect(count(test, 'u2r')).toBe(3);
    expect(Array.from(test)).toEqual(Array.from(test).sort((a, b) => a - b));
  });

  it('is repeatable for a seed and differs across seeds', () => {
    const a = stratifiedSplit(strata, 0.1, 1);
    const b = stratifiedSplit(strata, 0.1, 1);
    const c = stratifiedSplit(strata, 0.1, 2);
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    expect(Array.from(a.test)).not.toEqual(Array.from(c.test));
  });

  it('does not depend on the order in which strata first appear', () => {
    const numeric = strata.map((s) => (s === 'normal' ? 0 : 1));
    const { test } = stratifiedSplit(numeric, 0.5, 3);
    expect(test.length).toBe(500);
    expect(() => stratifiedSplit(strata, 1, 0)).toThrow(RangeError);
    expect(() => stratifiedSplit(strata, 0, 0)).toThrow(RangeError);
  });
});

describe('splitTable', () => {
  it('splits a table by category and describes the split', () => {
    const n = 20;
    const cat = Array.from({ length: n }, (_, i) => (i < 10 ? 'normal' : 'dos'));
    const t: LabeledTable = {
      dataset: 'tiny',
      source: 'memory',
      schema: { name: 'tiny', version: '1', columns: [{ name: 'v', kind: 'numeric' }] },
      rows: n,
      columns: [Float64Array.from({ length: n }, (_, i) => i)],
      label: Uint8Array.from(cat.map((c) => (c === 'normal' ? 0 : 1))),
      attack: cat.slice(),
      category: cat,
    };
    const s = splitTable(t, 0.2, 0);
    expect(s.test.rows).toBe(4);
    expect(s.test.category.filter((c) => c === 'dos')).toHaveLength(2);
    expect(Array.from(s.test.columns[0] as Float64Array)).toEqual(Array.from(s.testIndices));
    expect(s.description).toBe('tiny stratified by category 80/20 seed 0');
  });
});
