import { describe, expect, it } from 'vitest';
import { fitThreshold } from './threshold.js';

describe('fitThreshold', () => {
  const scores = [0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9];
  const labels = [0, 0, 0, 1, 0, 1, 1, 1];

  it('max-accuracy picks the cut with most rows right', () => {
    const t = fitThreshold(scores, labels, { kind: 'max-accuracy' });
    // >= 0.4 gets 7 of 8 right (the 0.6 normal is wrong); >= 0.7 gets 7 too; the sweep keeps the first (highest) best.
    expect(t).toBe(0.7);
  });

  it('fpr rule never exceeds the asked false-positive rate on validation normals', () => {
    const t = fitThreshold(scores, labels, { kind: 'fpr', fpr: 0 });
    expect(t).toBe(0.7);
    const t2 = fitThreshold(scores, labels, { kind: 'fpr', fpr: 0.25 });
    expect(t2).toBe(0.4);
  });

  it('normal-quantile excludes the quantile score itself', () => {
    const t = fitThreshold(scores, labels, { kind: 'normal-quantile', q: 1 });
    expect(t).toBeGreaterThan(0.6);
    expect(t).toBeLessThan(0.7);
  });

  it('rejects mismatched inputs', () => {
    expect(() => fitThreshold([0.1], [], { kind: 'max-accuracy' })).toThrow(RangeError);
  });
});
