import { describe, expect, it } from 'vitest';
import { gaussian, makeRng } from '../../util/random.js';
import { applyFourierMap, fitStandardiser, makeFourierMap, standardise } from './feature-maps.js';
import { trainHinge } from './hinge-sgd.js';

describe('trainHinge', () => {
  it('finds a separating hyperplane for separable data, pointing along the true direction', () => {
    const rng = makeRng(4);
    const rows = 2000;
    const x = new Float32Array(rows * 2);
    const labels = new Uint8Array(rows);
    for (let r = 0; r < rows; r++) {
      const a = gaussian(rng);
      const b = gaussian(rng);
      labels[r] = a + 0.5 * b > 0.3 ? 1 : 0;
      // keep a margin so the problem is separable
      const shift = labels[r] ? 0.3 : -0.3;
      x[r * 2] = a + shift;
      x[r * 2 + 1] = b + shift / 2;
    }
    const model = trainHinge(x, rows, 2, labels, { lambda: 1e-4, epochs: 10, balanced: true, seed: 1 });
    let correct = 0;
    for (let r = 0; r < rows; r++)
      correct +=
        (model.w[0]! * x[r * 2]! + model.w[1]! * x[r * 2 + 1]! + model.b >= 0 ? 1 : 0) === labels[r] ? 1 : 0;
    expect(correct / rows).toBeGreaterThan(0.98);
    expect(model.w[1]! / model.w[0]!).toBeGreaterThan(0.25);
    expect(model.w[1]! / model.w[0]!).toBeLessThan(1);
  });
});

describe('random Fourier features', () => {
  it('z(x).z(y) approximates the RBF kernel exp(-gamma |x - y|^2)', () => {
    const width = 4;
    const identity = { mean: new Float64Array(width), invStd: new Float64Array(width).fill(1) };
    const gamma = 0.25;
    const map = makeFourierMap(identity, 4096, gamma, 3);
    const x = Float32Array.from([0, 0, 0, 0, 1, 0.5, -0.5, 0, 3, 0, 0, 0]);
    const z = applyFourierMap(map, x, 3);
    const dot = (a: number, b: number): number => {
      let s = 0;
      for (let k = 0; k < 4096; k++) s += z[a * 4096 + k]! * z[b * 4096 + k]!;
      return s;
    };
    expect(dot(0, 1)).toBeCloseTo(Math.exp(-gamma * 1.5), 1);
    expect(dot(0, 2)).toBeCloseTo(Math.exp(-gamma * 9), 1);
    expect(dot(0, 0)).toBeCloseTo(1, 1);
  });

  it('folding the standardiser into the map equals mapping standardised rows', () => {
    const rng = makeRng(8);
    const rows = 50;
    const width = 3;
    const x = Float32Array.from({ length: rows * width }, () => 10 + 5 * gaussian(rng));
    const std = fitStandardiser(x, rows, width);
    const folded = applyFourierMap(makeFourierMap(std, 16, 0.3, 2), x, rows);
    const identity = { mean: new Float64Array(width), invStd: new Float64Array(width).fill(1) };
    const plain = applyFourierMap(
      makeFourierMap(identity, 16, 0.3, 2),
      standardise(std, x, rows, width),
      rows,
    );
    // same seed, so the same random draws: the two differ only by float32 rounding of the folding
    for (let i = 0; i < folded.length; i++) expect(folded[i]).toBeCloseTo(plain[i]!, 3);
  });

  it('a constant column gets weight 0 instead of a division by zero', () => {
    const x = Float32Array.from([1, 5, 2, 5, 3, 5]);
    const std = fitStandardiser(x, 3, 2);
    expect(std.invStd[1]).toBe(0);
    expect(Array.from(standardise(std, x, 3, 2)).every(Number.isFinite)).toBe(true);
  });
});
