import { describe, expect, it } from 'vitest';
import { fitThreshold } from './threshold.js';

describe('fitThreshold', () => {
  const scores = [0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9];
  const labels = [0, 0, 0, 1, 0, 1, 1, 1];

  it('max-accuracy picks the cut with most rows right, in the middle of its interval', () => {
    const t = fitThreshold(scores, labels, { kind: 'max-accuracy' });
    // ">= 0.7" and ">= 0.4" both get 7 of 8 right; each is realised by a 0.1-wide interval of
    // thresholds, (0.6, 0.7] and (0.3, 0.4]. Equal widths: the higher one, at its middle.
    expect(t).toBeCloseTo(0.65, 10);
  });

  it('max-accuracy takes the middle of the widest run of tied optimal cuts', () => {
    // Normals at 0.1, 0.2; attacks from 0.5 up. Every threshold in (0.2, 0.5] is perfect.
    const t = fitThreshold([0.1, 0.2, 0.5, 0.8, 0.9], [0, 0, 1, 1, 1], { kind: 'max-accuracy' });
    expect(t).toBeCloseTo(0.35, 10);
    // Only ">= 0.9" gets 5 of 6 right; the thresholds that realise it are (0.5, 0.9], middle 0.7.
    const t2 = fitThreshold([0.1, 0.2, 0.3, 0.4, 0.5, 0.9], [0, 1, 0, 0, 0, 1], { kind: 'max-accuracy' });
    expect(t2).toBeCloseTo(0.7, 10);
    // ">= 0.9" and ">= 0.8" both get 5 of 6 right, realised by (0.85, 0.9] and (0.5, 0.8]:
    // the wider interval wins, at its middle 0.65.
    const t3 = fitThreshold([0.1, 0.5, 0.8, 0.85, 0.9, 0.95], [0, 0, 1, 0, 1, 1], { kind: 'max-accuracy' });
    expect(t3).toBeCloseTo(0.65, 10);
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
