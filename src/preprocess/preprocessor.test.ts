import { describe, expect, it } from 'vitest';
import { concatTables } from '../datasets/table-ops.js';
import type { DatasetSchema, LabeledTable } from '../datasets/table.js';
import { Preprocessor, PreprocessSchemaError } from './preprocessor.js';
import { PreprocessOptionsError } from './options.js';
import { PreprocessorStateError } from './state.js';
import type { NumericPlan } from './column-plan.js';

const schema: DatasetSchema = {
  name: 'tiny',
  version: '1',
  columns: [
    { name: 'x', kind: 'numeric' },
    { name: 'k', kind: 'numeric' },
    { name: 'proto', kind: 'categorical' },
    { name: 'bytes', kind: 'numeric' },
  ],
};

function table(
  x: number[],
  k: number[],
  proto: string[],
  bytes: number[],
  s: DatasetSchema = schema,
): LabeledTable {
  return {
    dataset: 'tiny',
    source: 'memory',
    schema: s,
    rows: x.length,
    columns: [Float64Array.from(x), Float64Array.from(k), proto, Float64Array.from(bytes)],
    label: new Uint8Array(x.length),
    attack: x.map(() => 'normal'),
    category: x.map(() => 'normal'),
  };
}

/** Train table whose expected output is worked out by hand below. */
const train = table([1, 2, 3, 4], [7, 7, 7, 7], ['tcp', 'udp', 'tcp', 'icmp'], [0, 9, 99, 999]);
const handOpts = { logScale: ['bytes'], clipQuantile: false } as const;

function rowsOf(batch: { data: Float32Array; schema: { columns: readonly string[] } }): number[][] {
  const w = batch.schema.columns.length;
  return Array.from({ length: batch.data.length / w }, (_, r) =>
    Array.from(batch.data.subarray(r * w, r * w + w)),
  );
}

describe('Preprocessor on a hand-computed table', () => {
  const p = Preprocessor.fit(train, handOpts);

  it('drops the constant column and one-hot encodes categories (sorted) plus <other>', () => {
    expect(p.outputSchema.columns).toEqual([
      'x',
      'proto=icmp',
      'proto=tcp',
      'proto=udp',
      'proto=<other>',
      'bytes',
    ]);
    expect(p.outputSchema.name).toBe('tiny+prep');
  });

  it('standardises with the training mean and population std, after log1p for log columns', () => {
    // x = 1..4: mean 2.5, std sqrt(1.25). bytes: log1p gives 0, L, 2L, 3L with L = ln 10, so
    // mean 1.5L and std L*sqrt(1.25): the same standardised values as x.
    const z = (v: number) => Math.fround((v - 2.5) / Math.sqrt(1.25));
    const rows = rowsOf(p.transform(train));
    expect(rows).toEqual(
      [
        [z(1), 0, 1, 0, 0, z(1)],
        [z(2), 0, 0, 1, 0, z(2)],
        [z(3), 0, 1, 0, 0, z(3)],
        [z(4), 1, 0, 0, 0, z(4)],
      ].map((r) => r.map(Math.fround)),
    );
  });

  it('sends a category never seen in training to <other>, and counts it', () => {
    const test = table([2.5, 2.5], [7, 7], ['sctp', 'tcp'], [0, 0]);
    const { batch, stats } = p.transformWithStats(test);
    const rows = rowsOf(batch);
    expect(rows[0]!.slice(1, 5)).toEqual([0, 0, 0, 1]);
    expect(rows[1]!.slice(1, 5)).toEqual([0, 1, 0, 0]);
    expect(stats.unseenCategories).toEqual({ proto: { sctp: 1 } });
  });

  it('maps NaN inputs to the training mean (0) and counts them', () => {
    const { batch, stats } = p.transformWithStats(table([NaN], [7], ['tcp'], [9]));
    expect(rowsOf(batch)[0]![0]).toBe(0);
    expect(stats.missingValues).toBe(1);
  });

  it('refuses a table of another schema', () => {
    const other = table([1], [1], ['tcp'], [1], { ...schema, version: '2' });
    expect(() => p.transform(other)).toThrow(PreprocessSchemaError);
  });
});

describe('clipping', () => {
  const one = (name: string, values: number[]): LabeledTable => ({
    dataset: 'tiny',
    source: 'memory',
    schema: { name: 'one', version: '1', columns: [{ name, kind: 'numeric' }] },
    rows: values.length,
    columns: [Float64Array.from(values)],
    label: new Uint8Array(values.length),
    attack: values.map(() => 'normal'),
    category: values.map(() => 'normal'),
  });

  it('clips to the training quantiles, also for test values far outside the training range', () => {
    // 0..10 with q = 0.9: h = 10 * 0.9 = 9 -> upper 9; h = 10 * 0.1 = 1 -> lower 1.
    const p = Preprocessor.fit(one('v', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), {
      clipQuantile: 0.9,
      logScale: [],
    });
    const plan = p.plans[0] as NumericPlan;
    expect([plan.clipLow, plan.clipHigh]).toEqual([1, 9]);
    // Clipped training values 1,1,2..9,9 sum to 55 over 11 rows.
    expect(plan.mean).toBeCloseTo(5, 12);
    const out = p.transform(one('v', [0, 1, 9, 1e9, -50])).data;
    expect(out[0]).toBe(out[1]);
    expect(out[2]).toBe(out[3]);
    expect(out[4]).toBe(out[1]);
  });

  it('keeps a rare value when both quantiles collapse onto the common value', () => {
    const p = Preprocessor.fit(one('rare', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5]), {
      clipQuantile: 0.9,
      logScale: [],
    });
    const plan = p.plans[0] as NumericPlan;
    expect([plan.clipLow, plan.clipHigh]).toEqual([0, 5]);
    const out = p.transform(one('rare', [0, 5])).data;
    expect(out[1]!).toBeGreaterThan(out[0]!);
  });

  it("'auto' log-scales a heavy-tailed count column and leaves an even one alone", () => {
    const heavy = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1000]; // skewness 8/3, max 1000
    const even = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect((Preprocessor.fit(one('a', heavy)).plans[0] as NumericPlan).log).toBe(true);
    expect((Preprocessor.fit(one('a', even)).plans[0] as NumericPlan).log).toBe(false);
  });
});

describe('fitted on training rows only (leak test)', () => {
  // A and B come from different distributions, so a scaler that saw B would be measurably different.
  const a = table([1, 2, 3, 4], [1, 2, 3, 4], ['tcp', 'udp', 'tcp', 'icmp'], [10, 20, 30, 40]);
  const b = table([100, 200, 300], [50, 60, 70], ['gre', 'tcp', 'tcp'], [5000, 6000, 7000]);
  const opts = { logScale: [], clipQuantile: false } as const;

  it("has exactly A's mean and std, and not those of A∪B", () => {
    const fitted = Preprocessor.fit(a, opts).plans[0] as NumericPlan;
    expect(fitted.mean).toBe(2.5);
    expect(fitted.scale).toBeCloseTo(Math.sqrt(1.25), 15);
    const both = Preprocessor.fit(concatTables(a, b), opts).plans[0] as NumericPlan;
    expect(both.mean).not.toBe(fitted.mean);
    expect(both.scale).not.toBeCloseTo(fitted.scale, 3);
  });

  it('keeps the same state after transforming test rows as fitting on train alone', () => {
    const p = Preprocessor.fit(a, opts);
    const before = JSON.stringify(p.toJSON());
    p.transform(b);
    p.transform(concatTables(a, b));
    expect(JSON.stringify(p.toJSON())).toBe(before);
    expect(JSON.stringify(Preprocessor.fit(a, opts).toJSON())).toBe(before);
    // Test categories never enter the vocabulary.
    expect(p.outputSchema.columns).not.toContain('proto=gre');
  });

  it('gives train rows the same features whether or not test rows are transformed with them', () => {
    const p = Preprocessor.fit(a, opts);
    const alone = p.transform(a).data;
    const together = p.transform(concatTables(a, b)).data.subarray(0, alone.length);
    expect(Array.from(together)).toEqual(Array.from(alone));
  });
});

describe('saved state', () => {
  it('round-trips through JSON text with bit-identical output', () => {
    const p = Preprocessor.fit(train); // default options: auto log, quantile clipping
    const q = Preprocessor.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
    const probe = table([0, 2, 9, -3], [7, 1, 7, 7], ['tcp', 'gre', 'icmp', 'udp'], [0, 5, 1e7, 3]);
    expect(q.outputSchema).toEqual(p.outputSchema);
    expect(Buffer.from(q.transform(probe).data.buffer)).toEqual(Buffer.from(p.transform(probe).data.buffer));
  });

  it('rejects malformed or edited state with a clear error', () => {
    const state = Preprocessor.fit(train, handOpts).toJSON();
    expect(() => Preprocessor.fromJSON({ ...state, format: 'other' })).toThrow(PreprocessorStateError);
    expect(() => Preprocessor.fromJSON({ ...state, columns: state.columns.slice(1) })).toThrow(
      /column plans/,
    );
    const edited = JSON.parse(JSON.stringify(state));
    edited.columns[2].categories.push('sctp');
    expect(() => Preprocessor.fromJSON(edited)).toThrow(/does not match the plans/);
  });
});

describe('output schema version', () => {
  it('stays the same when a refit yields the same columns, and changes when the column set changes', () => {
    const v = Preprocessor.fit(train, handOpts).outputSchema.version;
    const refit = table([5, 6, 7], [7, 7, 7], ['tcp', 'udp', 'icmp'], [1, 2, 3]);
    expect(Preprocessor.fit(refit, handOpts).outputSchema.version).toBe(v);
    const newCategory = table([5, 6, 7], [7, 7, 7], ['tcp', 'udp', 'sctp'], [1, 2, 3]);
    expect(Preprocessor.fit(newCategory, handOpts).outputSchema.version).not.toBe(v);
    const notConstant = table([5, 6, 7], [7, 8, 7], ['tcp', 'udp', 'icmp'], [1, 2, 3]);
    expect(Preprocessor.fit(notConstant, handOpts).outputSchema.version).not.toBe(v);
    expect(Preprocessor.fit(train, { ...handOpts, logScale: [] }).outputSchema.version).not.toBe(v);
  });
});

describe('options', () => {
  it('rejects bad values and unknown log columns', () => {
    expect(() => Preprocessor.fit(train, { clipQuantile: 0.3 })).toThrow(PreprocessOptionsError);
    expect(() => Preprocessor.fit(train, { minCategoryCount: 0 })).toThrow(PreprocessOptionsError);
    expect(() => Preprocessor.fit(train, { logScale: ['proto'] })).toThrow(PreprocessSchemaError);
    expect(() => Preprocessor.fit(train, { logScale: ['nope'] })).toThrow(PreprocessSchemaError);
  });

  it('puts categories rarer than minCategoryCount into <other>', () => {
    const p = Preprocessor.fit(train, { ...handOpts, minCategoryCount: 2 });
    expect(p.outputSchema.columns.filter((c) => c.startsWith('proto='))).toEqual([
      'proto=tcp',
      'proto=<other>',
    ]);
  });
});
