import { describe, expect, it } from 'vitest';
import { moments, quantilePairSorted, quantileSorted, signedLog1p } from './column-stats.js';

describe('column statistics', () => {
  it('computes population moments and skewness', () => {
    const m = moments(Float64Array.from([1, 2, 3, 4]));
    expect(m).toMatchObject({ n: 4, min: 1, max: 4, mean: 2.5 });
    expect(m.std).toBeCloseTo(Math.sqrt(1.25), 15);
    expect(m.skewness).toBeCloseTo(0, 15);
    // One 1 among n-1 zeros: skewness (n-2)/sqrt(n-1).
    const spike = moments(Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]));
    expect(spike.skewness).toBeCloseTo(8 / 3, 12);
    expect(moments(Float64Array.from([5, 5])).skewness).toBe(0);
  });

  it('interpolates quantiles linearly between order statistics (numpy default)', () => {
    const s = Float64Array.from([10, 20, 30, 40]);
    expect(quantileSorted(s, 0)).toBe(10);
    expect(quantileSorted(s, 1)).toBe(40);
    expect(quantileSorted(s, 0.5)).toBe(25); // h = 1.5
    expect(quantileSorted(s, 0.9)).toBeCloseTo(37, 12); // h = 2.7
    expect(quantilePairSorted(Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 0.9)).toEqual([1, 9]);
  });

  it('log-scales keeping sign and order', () => {
    expect(signedLog1p(0)).toBe(0);
    expect(signedLog1p(Math.E - 1)).toBeCloseTo(1, 15);
    expect(signedLog1p(-(Math.E - 1))).toBeCloseTo(-1, 15);
  });
});
