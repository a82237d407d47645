import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  binaryMetrics,
  confusionMatrix,
  perCategoryDetection,
  rocAuc,
  rocCurve,
  thinCurve,
  type RocPoint,
} from './metrics.js';

function trapezoidArea(points: RocPoint[]): number {
  let area = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    area += ((b.fpr - a.fpr) * (a.tpr + b.tpr)) / 2;
  }
  return area;
}

describe('confusionMatrix and binaryMetrics', () => {
  // Hand-computed: at threshold 0.6, rows 0.9(A) 0.8(A) 0.7(N) 0.6(A) are called attacks.
  const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4];
  const labels = [1, 1, 0, 1, 0, 0];

  it('counts a score equal to the threshold as an attack', () => {
    expect(confusionMatrix(scores, labels, 0.6)).toEqual({ tp: 3, fp: 1, tn: 2, fn: 0 });
    expect(confusionMatrix(scores, labels, 0.61)).toEqual({ tp: 2, fp: 1, tn: 2, fn: 1 });
  });

  it('computes accuracy, DR, FAR, precision and F1 by hand', () => {
    const m = binaryMetrics(confusionMatrix(scores, labels, 0.6));
    expect(m.accuracy).toBeCloseTo(5 / 6, 12);
    expect(m.detectionRate).toBe(1);
    expect(m.falseAlarmRate).toBeCloseTo(1 / 3, 12);
    expect(m.precision).toBeCloseTo(3 / 4, 12);
    expect(m.f1).toBeCloseTo(6 / 7, 12);
  });

  it('gives NaN, not 0, for rates whose denominator is empty', () => {
    const onlyAttacks = binaryMetrics(confusionMatrix([0.2, 0.9], [1, 1], 0.5));
    expect(onlyAttacks.detectionRate).toBe(0.5);
    expect(onlyAttacks.falseAlarmRate).toBeNaN();
    expect(onlyAttacks.precision).toBe(1);
    const noVerdicts = binaryMetrics(confusionMatrix([0.1, 0.2], [1, 0], 0.5));
    expect(noVerdicts.precision).toBeNaN();
    expect(noVerdicts.f1).toBeNaN();
    expect(noVerdicts.accuracy).toBe(0.5);
    expect(binaryMetrics(confusionMatrix([], [], 0.5)).accuracy).toBeNaN();
  });

  it('gives F1 0 when every verdict is wrong', () => {
    const m = binaryMetrics(confusionMatrix([0.9, 0.1], [0, 1], 0.5));
    expect(m.precision).toBe(0);
    expect(m.detectionRate).toBe(0);
    expect(m.f1).toBe(0);
  });

  it('rejects mismatched lengths', () => {
    expect(() => confusionMatrix([1, 2], [1], 0)).toThrow(RangeError);
  });
});

describe('rocAuc', () => {
  it('matches the pair count on a case without ties', () => {
    // attacks 0.9, 0.8, 0.6 against normals 0.7, 0.5, 0.4: 3 + 3 + 2 wins of 9 pairs.
    expect(rocAuc([0.9, 0.8, 0.7, 0.6, 0.5, 0.4], [1, 1, 0, 1, 0, 0])).toBeCloseTo(8 / 9, 12);
  });

  it('counts tied attack/normal pairs as one half', () => {
    expect(rocAuc([1, 1, 0, 0], [1, 0, 1, 0])).toBeCloseTo(0.5, 12);
    // each attack at 0.5 ties the normal at 0.5 and beats the one at 0.2: (1.5 + 1.5) / 4
    expect(rocAuc([0.5, 0.5, 0.5, 0.2], [1, 1, 0, 0])).toBeCloseTo(0.75, 12);
    // every score tied: no information
    expect(rocAuc([3, 3, 3, 3, 3], [1, 0, 0, 1, 0])).toBeCloseTo(0.5, 12);
  });

  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [1, 1, 0, 0])).toBe(0);
  });

  it('is NaN when only one class is present', () => {
    expect(rocAuc([0.1, 0.9], [1, 1])).toBeNaN();
    expect(rocAuc([0.1, 0.9], [0, 0])).toBeNaN();
    expect(rocAuc([], [])).toBeNaN();
  });
});

describe('rocCurve', () => {
  it('has one point per distinct score, moving diagonally through ties', () => {
    const pts = rocCurve([0.5, 0.5, 0.5, 0.2], [1, 1, 0, 0]);
    expect(pts.map((p) => [p.fpr, p.tpr])).toEqual([
      [0, 0],
      [0.5, 1],
      [1, 1],
    ]);
    expect(pts.map((p) => p.threshold)).toEqual([Infinity, 0.5, 0.2]);
  });

  it('has a trapezoid area equal to rocAuc on random scores with ties', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.boolean()), { minLength: 2, maxLength: 60 }),
        (rows) => {
          const scores = rows.map(([s]) => s);
          const labels = rows.map(([, a]) => (a ? 1 : 0));
          const auc = rocAuc(scores, labels);
          if (Number.isNaN(auc)) return;
          expect(trapezoidArea(rocCurve(scores, labels))).toBeCloseTo(auc, 9);
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('thins a long curve to at most max points, keeping both ends', () => {
    const n = 5000;
    const scores = Array.from({ length: n }, (_, i) => i);
    const labels = scores.map((i) => ((i * 7919) % 3 === 0 ? 1 : 0));
    const full = rocCurve(scores, labels);
    const thin = thinCurve(full, 100);
    expect(thin.length).toBeLessThanOrEqual(100);
    expect(thin[0]).toEqual(full[0]);
    expect(thin[thin.length - 1]).toEqual(full[full.length - 1]);
    expect(trapezoidArea(thin)).toBeCloseTo(trapezoidArea(full), 1);
  });
});

describe('perCategoryDetection', () => {
  it('rates each attack category and leaves normal out', () => {
    const scores = [0.9, 0.1, 0.8, 0.7, 0.2, 0.95];
    const cats = ['dos', 'dos', 'probe', 'normal', 'u2r', 'dos'];
    expect(perCategoryDetection(scores, cats, 0.5)).toEqual([
      { category: 'dos', rows: 3, detected: 2, rate: 2 / 3 },
      { category: 'probe', rows: 1, detected: 1, rate: 1 },
      { category: 'u2r', rows: 1, detected: 0, rate: 0 },
    ]);
  });
});
