import { describe, expect, it } from 'vitest';
import { makeBatch, type FeatureBatch } from '../records/index.js';
import { measureScoring, percentile } from './timing.js';

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
    // one warm-up of 300, then one pass in chunks 300,300,300,100, then warm-up + timed single rows
    expect(seen.slice(0, 5)).toEqual([300, 300, 300, 300, 100]);
    expect(seen.slice(5).every((r) => r === 1)).toBe(true);
    expect(t.flowsPerSecond).toBeGreaterThan(0);
    expect(t.latencyP99Us).toBeGreaterThanOrEqual(t.latencyP50Us);
  });
});
