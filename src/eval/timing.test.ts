import { describe, expect, it } from 'vitest';
import { makeBatch, type FeatureBatch } from '../records/index.js';
import { measureScoring, measureThroughput, percentile } from './timing.js';

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    expect(percentile(xs, 0.5)).toBe(50);
    expect(percentile(xs, 0.99)).toBe(99);
    expect(percentile(xs, 1)).toBe(100);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });
});

describe('measureScoring', () => {
  it('cycles through the batch in chunks until the time is up', async () => {
    const schema = { name: 't', version: '1', columns: ['a'] };
    const batch = makeBatch(schema, new Float32Array(700));
    const seen: [number, number][] = [];
    let calls = 0;
    const scorer = {
      score: async (b: FeatureBatch) => {
        seen.push([b.data.byteOffset / 4, b.rows]);
        // each call after the warm-up takes a little time
        if (calls++ > 0) await new Promise((r) => setTimeout(r, 1));
        return new Float32Array(b.rows);
      },
    };
    const t = await measureThroughput(scorer, batch, { batchRows: 300, minSeconds: 0.5 });
    expect(seen[0]).toEqual([0, 700]);
    // chunks wrap around: 0-300, 300-600, 600-700, 0-300, ...
    expect(seen.slice(1, 5)).toEqual([
      [0, 300],
      [300, 300],
      [600, 100],
      [0, 300],
    ]);
    expect(t.flowsPerSecond).toBeGreaterThan(0);
  });

  it('counts every scored row and times single-row calls', async () => {
    const schema = { name: 't', version: '1', columns: ['a', 'b'] };
    const batch = makeBatch(
      schema,
      new Float32Array(2 * 1000).map((_, i) => i),
    );
    const seen: number[] = [];
    const scorer = {
      score: async (b: FeatureBatch) => {
        seen.push(b.rows);
        return new Float32Array(b.rows);
      },
    };
    const t = await measureScoring(scorer, batch, { batchRows: 300, minSeconds: 0, latencyCalls: 40 });
    expect(t.batchRows).toBe(300);
    expect(t.latencySamples).toBe(40);
    // a warm-up of up to 1024 rows, one chunk of 300 (minSeconds 0), then warm-up + timed single rows
    expect(seen.slice(0, 2)).toEqual([1000, 300]);
    expect(seen.slice(2).every((r) => r === 1)).toBe(true);
    expect(t.flowsPerSecond).toBeGreaterThan(0);
    expect(t.latencyP99Us).toBeGreaterThanOrEqual(t.latencyP50Us);
  });
});
