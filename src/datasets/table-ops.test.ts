import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { markSeenRows } from './seen-rows.js';
import { concatTables, SchemaMismatchInTablesError, subsetTable } from './table-ops.js';
import type { DatasetSchema, LabeledTable } from './table.js';

const schema: DatasetSchema = {
  name: 'tiny',
  version: '1',
  columns: [
    { name: 'n', kind: 'numeric' },
    { name: 'c', kind: 'categorical' },
  ],
};

function table(n: number[], c: string[], cat: string[], source = 'mem'): LabeledTable {
  return {
    dataset: 'tiny',
    source,
    schema,
    rows: n.length,
    columns: [Float64Array.from(n), c],
    label: Uint8Array.from(cat.map((x) => (x === 'normal' ? 0 : 1))),
    attack: cat.slice(),
    category: cat,
    difficulty: Uint8Array.from(n.map((_, i) => i)),
  };
}

describe('subsetTable', () => {
  it('takes rows in the given order, repeats allowed, every column aligned', () => {
    const t = table([10, 20, 30], ['a', 'b', 'c'], ['normal', 'dos', 'probe']);
    const s = subsetTable(t, [2, 0, 2]);
    expect(s.rows).toBe(3);
    expect(Array.from(s.columns[0] as Float64Array)).toEqual([30, 10, 30]);
    expect(s.columns[1]).toEqual(['c', 'a', 'c']);
    expect(s.category).toEqual(['probe', 'normal', 'probe']);
    expect(Array.from(s.label)).toEqual([1, 0, 1]);
    expect(Array.from(s.difficulty!)).toEqual([2, 0, 2]);
    expect(Array.from(t.columns[0] as Float64Array)).toEqual([10, 20, 30]);
  });

  it('rejects out-of-range indices', () => {
    const t = table([1], ['a'], ['normal']);
    expect(() => subsetTable(t, [1])).toThrow(RangeError);
    expect(() => subsetTable(t, [-1])).toThrow(RangeError);
  });
});

describe('concatTables', () => {
  it('appends rows of the same schema', () => {
    const a = table([1, 2], ['x', 'y'], ['normal', 'dos'], 'a.txt');
    const b = table([3], ['z'], ['r2l'], 'b.txt');
    const c = concatTables(a, b);
    expect(c.rows).toBe(3);
    expect(Array.from(c.columns[0] as Float64Array)).toEqual([1, 2, 3]);
    expect(c.columns[1]).toEqual(['x', 'y', 'z']);
    expect(c.category).toEqual(['normal', 'dos', 'r2l']);
    expect(Array.from(c.label)).toEqual([0, 1, 1]);
    expect(c.source).toBe('a.txt + b.txt');
  });

  it('refuses tables of different schemas', () => {
    const a = table([1], ['x'], ['normal']);
    const b = { ...table([1], ['x'], ['normal']), schema: { ...schema, version: '2' } };
    expect(() => concatTables(a, b)).toThrow(SchemaMismatchInTablesError);
  });
});

describe('markSeenRows', () => {
  it('marks test rows whose whole feature vector occurs in train, ignoring labels', () => {
    const train = table([1, 2, 2], ['a', 'a', 'b'], ['normal', 'dos', 'dos']);
    const test = table([2, 2, 1, 3], ['a', 'c', 'a', 'a'], ['normal', 'dos', 'dos', 'normal']);
    expect(Array.from(markSeenRows(train, test))).toEqual([1, 0, 1, 0]);
  });

  it('compares numbers by value, not by how they were written', () => {
    const train = table([0.5], ['a'], ['normal']);
    const test = table([Number('0.50')], ['a'], ['normal']);
    expect(Array.from(markSeenRows(train, test))).toEqual([1]);
  });

  it('agrees with a plain string-key comparison on random tables (small value ranges force duplicates)', () => {
    const rowArb = fc.tuple(fc.constantFrom(0, -0, 1, 2.5), fc.constantFrom('a', 'b'));
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 30 }),
        fc.array(rowArb, { minLength: 1, maxLength: 30 }),
        (tr, te) => {
          const train = table(
            tr.map((x) => x[0]),
            tr.map((x) => x[1]),
            tr.map(() => 'normal'),
          );
          const test = table(
            te.map((x) => x[0]),
            te.map((x) => x[1]),
            te.map(() => 'dos'),
          );
          const keys = new Set(tr.map(([n, c]) => `${n}|${c}`));
          const expected = te.map(([n, c]) => (keys.has(`${n}|${c}`) ? 1 : 0));
          expect(Array.from(markSeenRows(train, test))).toEqual(expected);
        },
      ),
    );
  });
});
