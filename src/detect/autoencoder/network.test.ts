import { describe, expect, it } from 'vitest';
import { makeRng } from '../../util/random.js';
import { OnnxScorer } from '../serving/onnx/session.js';
import { loadTf } from '../tf/backend.js';
import { ParamSet } from '../tf/params.js';
import { initialParams, layers, reconstruct, type Architecture } from './network.js';
import { exportOnnx } from './onnx-export.js';

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

  it('serves per-row reconstruction error equal to the tfjs forward pass', async () => {
    const tf = await loadTf();
    const arch: Architecture = { inputs: 7, encoder: [5, 2] };
    const rng = makeRng(4);
    const params = new ParamSet(tf, initialParams(arch, rng));
    const rows = 6;
    const x = Float32Array.from({ length: rows * arch.inputs }, () => rng() * 4 - 2);
    const expected = tf.tidy(() => {
      const t = tf.tensor2d(x, [rows, arch.inputs]);
      return tf.mean(tf.squaredDifference(t, reconstruct(tf, arch, params, t)), 1).dataSync();
    });
    const scorer = await OnnxScorer.create(exportOnnx(arch, params.snapshot()));
    const got = await scorer.run(x, rows, arch.inputs);
    expect(got).toHaveLength(rows);
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 4));
    scorer.dispose();
    params.dispose();
  });
});
