/**
 * The MLP with feature attention, as tf ops over named parameters.
 *
 *   a      = softmax(tanh(x Wa1 + ba1) Wa2 + ba2)     per-row weights over the d input features
 *   x'     = d * (x ⊙ a)                              the weighted input (d keeps its scale at init)
 *   h_i    = relu(h_{i-1} W_i + b_i)
 *   logit  = h_last Wo + bo                           the score (higher = more attack-like)
 *
 * Wa2 and ba2 start at zero, so training starts from uniform attention (x' = x) and learns which
 * features to emphasise ("automatic weight optimisation, highlighting core features").
 */
import type * as TfModule from '@tensorflow/tfjs';
import type { Rng } from '../../util/random.js';
import type { Tf } from '../tf/backend.js';
import { glorotUniform, heUniform } from '../tf/init.js';
import type { ParamInit, ParamSet } from '../tf/params.js';

export interface Architecture {
  inputs: number;
  attentionHidden: number;
  hidden: number[];
}

export function initialParams(arch: Architecture, rng: Rng): ParamInit[] {
  const d = arch.inputs;
  const p: ParamInit[] = [];
  if (arch.attentionHidden > 0) {
    const k = arch.attentionHidden;
    p.push({ name: 'att1_W', shape: [d, k], values: glorotUniform(rng, d, k) });
    p.push({ name: 'att1_b', shape: [k], values: new Float32Array(k) });
    p.push({ name: 'att2_W', shape: [k, d], values: new Float32Array(k * d) });
  } else {
    p.push({ name: 'att2_W', shape: [d, d], values: new Float32Array(d * d) });
  }
  p.push({ name: 'att2_b', shape: [d], values: new Float32Array(d) });
  let fanIn = d;
  arch.hidden.forEach((h, i) => {
    p.push({ name: `h${i}_W`, shape: [fanIn, h], values: heUniform(rng, fanIn, h) });
    p.push({ name: `h${i}_b`, shape: [h], values: new Float32Array(h) });
    fanIn = h;
  });
  p.push({ name: 'out_W', shape: [fanIn, 1], values: glorotUniform(rng, fanIn, 1) });
  p.push({ name: 'out_b', shape: [1], values: new Float32Array(1) });
  return p;
}

export function attentionWeights(
  tf: Tf,
  arch: Architecture,
  p: ParamSet,
  x: TfModule.Tensor2D,
): TfModule.Tensor2D {
  const hidden =
    arch.attentionHidden > 0 ? tf.tanh(tf.add(tf.matMul(x, p.get('att1_W')), p.get('att1_b'))) : x;
  return tf.softmax(tf.add(tf.matMul(hidden, p.get('att2_W')), p.get('att2_b'))) as TfModule.Tensor2D;
}

export function logits(tf: Tf, arch: Architecture, p: ParamSet, x: TfModule.Tensor2D): TfModule.Tensor2D {
  const a = attentionWeights(tf, arch, p, x);
  let h = tf.mul(tf.mul(x, a), arch.inputs) as TfModule.Tensor2D;
  arch.hidden.forEach((_, i) => {
    h = tf.relu(tf.add(tf.matMul(h, p.get(`h${i}_W`)), p.get(`h${i}_b`))) as TfModule.Tensor2D;
  });
  return tf.add(tf.matMul(h, p.get('out_W')), p.get('out_b')) as TfModule.Tensor2D;
}

/** Mean attention weight of each feature over the rows of x (for reports: which features matter). */
export function meanAttention(
  tf: Tf,
  arch: Architecture,
  p: ParamSet,
  x: Float32Array,
  rows: number,
): Float64Array {
  const sums = new Float64Array(arch.inputs);
  const chunk = 8192;
  for (let start = 0; start < rows; start += chunk) {
    const end = Math.min(rows, start + chunk);
    const part = tf.tidy(() =>
      tf.sum(
        attentionWeights(
          tf,
          arch,
          p,
          tf.tensor2d(x.subarray(start * arch.inputs, end * arch.inputs), [end - start, arch.inputs]),
        ),
        0,
      ),
    );
    const v = part.dataSync();
    for (let i = 0; i < arch.inputs; i++) sums[i]! += v[i]!;
    part.dispose();
  }
  for (let i = 0; i < arch.inputs; i++) sums[i]! /= Math.max(1, rows);
  return sums;
}
