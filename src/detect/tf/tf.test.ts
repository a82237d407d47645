import { describe, expect, it } from 'vitest';
import { makeRng } from '../../util/random.js';
import { loadTf } from './backend.js';
import { epochOrder, gatherRows } from './batches.js';
import { fitEarlyStopping } from './fit.js';
import { ParamSet } from './params.js';

describe('tf setup', () => {
  it('runs on the WebAssembly backend', async () => {
    const tf = await loadTf();
    expect(tf.getBackend()).toBe('wasm');
    expect(await loadTf()).toBe(tf);
  });

  it('draws the same permutation from the same seed, and a different one from another', () => {
    const a = epochOrder(100, makeRng(1));
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(epochOrder(100, makeRng(1)))).toEqual(Array.from(a));
    expect(Array.from(epochOrder(100, makeRng(2)))).not.toEqual(Array.from(a));
  });

  it('gathers rows in the given order', () => {
    const src = Float32Array.from([0, 1, 10, 11, 20, 21]);
    expect(Array.from(gatherRows(src, 2, Uint32Array.from([2, 0]), 0, 2))).toEqual([20, 21, 0, 1]);
  });

  it('fits a line, stops early when validation stops improving, and keeps the best weights', async () => {
    const tf = await loadTf();
    const rng = makeRng(3);
    const make = (n: number) => {
      const x = Float32Array.from({ length: n }, () => rng() * 2 - 1);
      return { x, rows: n, y: x.map((v) => 3 * v + 1) };
    };
    const params = new ParamSet(tf, [
      { name: 'w', shape: [1, 1], values: new Float32Array([0]) },
      { name: 'b', shape: [1], values: new Float32Array([0]) },
    ]);
    const epochs: number[] = [];
    const fit = fitEarlyStopping(tf, {
      params,
      width: 1,
      loss: (x, y) => tf.losses.meanSquaredError(y!, tf.add(tf.matMul(x, params.get('w')), params.get('b'))),
      train: make(512),
      validation: make(128),
      epochs: 400,
      batchSize: 32,
      learningRate: 0.05,
      patience: 3,
      timeBudgetSeconds: 0,
      seed: 1,
      onEpoch: (e) => epochs.push(e.valLoss),
    });
    const snap = params.snapshot();
    expect(snap.get('w')!.values[0]).toBeCloseTo(3, 2);
    expect(snap.get('b')!.values[0]).toBeCloseTo(1, 2);
    expect(fit.epochsRun).toBeLessThan(400);
    expect(fit.stoppedBy).toBe('patience');
    expect(fit.bestValLoss).toBe(Math.min(...epochs));
    params.dispose();
  });

  it('starts no new epoch once the time budget is spent', async () => {
    const tf = await loadTf();
    const params = new ParamSet(tf, [{ name: 'w', shape: [1, 1], values: new Float32Array([0]) }]);
    const m = { x: new Float32Array([1, 2, 3, 4]), rows: 4, y: new Float32Array([2, 4, 6, 8]) };
    const fit = fitEarlyStopping(tf, {
      params,
      width: 1,
      loss: (x, y) => tf.losses.meanSquaredError(y!, tf.matMul(x, params.get('w'))),
      train: m,
      validation: m,
      epochs: 1000,
      batchSize: 2,
      learningRate: 0.01,
      patience: 1000,
      timeBudgetSeconds: 1e-9,
      seed: 1,
    });
    expect(fit.epochsRun).toBe(1);
    expect(fit.stoppedBy).toBe('time-budget');
    params.dispose();
  });
});
