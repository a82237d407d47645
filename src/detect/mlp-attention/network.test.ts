import { describe, expect, it } from 'vitest';
import { makeRng } from '../../util/random.js';
import { OnnxScorer } from '../serving/onnx/session.js';
import { loadTf } from '../tf/backend.js';
import { ParamSet } from '../tf/params.js';
import { initialParams, logits, type Architecture } from './network.js';
import { exportOnnx } from './onnx-export.js';

describe('mlp-attention ONNX export', () => {
  for (const arch of [
    { inputs: 6, attentionHidden: 4, hidden: [5, 3] },
    { inputs: 6, attentionHidden: 0, hidden: [4] },
  ] satisfies Architecture[]) {
    it(`serves the same scores as the tfjs forward pass (attention hidden ${arch.attentionHidden})`, async () => {
      const tf = await loadTf();
      const rng = makeRng(9);
      // Random values everywhere (also in the zero-initialised attention output) so every path counts.
      const inits = initialParams(arch, rng).map((p) => ({ ...p, values: p.values.map(() => rng() - 0.5) }));
      const params = new ParamSet(tf, inits);
      const rows = 9;
      const x = Float32Array.from({ length: rows * arch.inputs }, () => rng() * 4 - 2);
      const expected = tf.tidy(() =>
        logits(tf, arch, params, tf.tensor2d(x, [rows, arch.inputs])).dataSync(),
      );
      const scorer = await OnnxScorer.create(exportOnnx(arch, params.snapshot()));
      const got = await scorer.run(x, rows, arch.inputs);
      got.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 4));
      scorer.dispose();
      params.dispose();
    });
  }
});
