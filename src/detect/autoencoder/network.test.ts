import { describe, expect, it } from 'vitest';
import { makeRng } from '../../util/random.js';
import { OnnxScorer } from '../serving/onnx/session.js';
import { loadTf } from '../tf/backend.js';
import { ParamSet } from '../tf/params.js';
import { initialParams, layers, reconstruct, residualScale, type Architecture } from './network.js';
import { exportOnnx, RESIDUAL_SCALE } from './onnx-export.js';

describe('autoencoder network', () => {
  it('mirrors the encoder with a linear bottleneck and a linear output', () => {
    const l = layers({ inputs: 10, encoder: [8, 4, 2] });
    expect(l.map((x) => `${x.fanIn}-${x.fanOut}-${x.activation}`)).toEqual([
      '10-8-relu',
      '8-4-relu',
      '4-2-linear',
      '2-4-relu',
      '4-8-relu',
      '8-10-linear',
    ]);
  });

  it('weighs residuals by the inverse of their training error, floored, averaging 1', () => {
    const w = residualScale(Float64Array.from([1, 0.5, 0, 2.5]), 4);
    // mean msr 1 -> floor 0.1: raw weights 1, 2, 10, 0.4 (sum 13.4), rescaled to mean 1
    expect(Array.from(w).map((v) => +v.toFixed(4))).toEqual(
      [1, 2, 10, 0.4].map((v) => +((v * 4) / 13.4).toFixed(4)),
    );
    expect(Array.from(residualScale(undefined, 3))).toEqual([1, 1, 1]);
  });

  it('serves per-row (weighted) reconstruction error equal to the tfjs forward pass', async () => {
    const tf = await loadTf();
    const arch: Architecture = { inputs: 7, encoder: [5, 2] };
    const rng = makeRng(4);
    const params = new ParamSet(tf, initialParams(arch, rng));
    const rows = 6;
    const x = Float32Array.from({ length: rows * arch.inputs }, () => rng() * 4 - 2);
    const scale = Float32Array.from({ length: arch.inputs }, () => rng() * 2);
    const expected = tf.tidy(() => {
      const t = tf.tensor2d(x, [rows, arch.inputs]);
      return tf
        .mean(tf.mul(tf.squaredDifference(t, reconstruct(tf, arch, params, t)), tf.tensor1d(scale)), 1)
        .dataSync();
    });
    const weights = params.snapshot();
    weights.set(RESIDUAL_SCALE, { shape: [arch.inputs], values: scale });
    const scorer = await OnnxScorer.create(exportOnnx(arch, weights));
    const got = await scorer.run(x, rows, arch.inputs);
    expect(got).toHaveLength(rows);
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 4));
    scorer.dispose();
    params.dispose();
  });
});
