/**
 * The autoencoder as tf ops: x -> relu(...) -> linear bottleneck -> relu(...) -> linear x̂.
 * The anomaly score of a row is its reconstruction error, mean((x - x̂)^2) over the features.
 */
import type * as TfModule from '@tensorflow/tfjs';
import type { Rng } from '../../util/random.js';
import type { Tf } from '../tf/backend.js';
import { glorotUniform, heUniform } from '../tf/init.js';
import type { ParamInit, ParamSet } from '../tf/params.js';

export interface Architecture {
  inputs: number;
  encoder: number[];
}

export interface Layer {
  name: string;
  fanIn: number;
  fanOut: number;
  activation: 'relu' | 'linear';
}

/** Encoder widths, then the mirrored decoder, then the output layer back to `inputs`. */
export function layers(arch: Architecture): Layer[] {
  const widths = [...arch.encoder, ...arch.encoder.slice(0, -1).reverse(), arch.inputs];
  const bottleneck = arch.encoder.length - 1;
  let fanIn = arch.inputs;
  return widths.map((w, i) => {
    const layer: Layer = {
      name: `l${i}`,
      fanIn,
      fanOut: w,
      activation: i === bottleneck || i === widths.length - 1 ? 'linear' : 'relu',
    };
    fanIn = w;
    return layer;
  });
}

export function initialParams(arch: Architecture, rng: Rng): ParamInit[] {
  return layers(arch).flatMap((l) => [
    {
      name: `${l.name}_W`,
      shape: [l.fanIn, l.fanOut],
      values:
        l.activation === 'relu' ? heUniform(rng, l.fanIn, l.fanOut) : glorotUniform(rng, l.fanIn, l.fanOut),
    },
    { name: `${l.name}_b`, shape: [l.fanOut], values: new Float32Array(l.fanOut) },
  ]);
}

export function reconstruct(
  tf: Tf,
  arch: Architecture,
  p: ParamSet,
  x: TfModule.Tensor2D,
): TfModule.Tensor2D {
  let h = x;
  for (const l of layers(arch)) {
    const z = tf.add(tf.matMul(h, p.get(`${l.name}_W`)), p.get(`${l.name}_b`)) as TfModule.Tensor2D;
    h = l.activation === 'relu' ? tf.relu(z) : z;
  }
  return h;
}

/** Mean squared reconstruction error over all values of the batch (the training loss). */
export function reconstructionLoss(
  tf: Tf,
  arch: Architecture,
  p: ParamSet,
  x: TfModule.Tensor2D,
): TfModule.Scalar {
  return tf.mean(tf.squaredDifference(x, reconstruct(tf, arch, p, x)));
}

/** Per-feature mean squared reconstruction error over the rows of x (evaluated in chunks). */
export function meanSquaredResiduals(
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
    const part = tf.tidy(() => {
      const t = tf.tensor2d(x.subarray(start * arch.inputs, end * arch.inputs), [end - start, arch.inputs]);
      return tf.sum(tf.squaredDifference(t, reconstruct(tf, arch, p, t)), 0);
    });
    const v = part.dataSync();
    for (let i = 0; i < arch.inputs; i++) sums[i] = sums[i]! + v[i]!;
    part.dispose();
  }
  for (let i = 0; i < arch.inputs; i++) sums[i] = sums[i]! / Math.max(1, rows);
  return sums;
}

/**
 * Residual weights: 1 / max(msr_f, 0.1 * mean(msr)), rescaled to average 1 so scores keep the
 * scale of a plain MSE. With scaling off every weight is 1.
 */
export function residualScale(msr: Float64Array | undefined, inputs: number): Float32Array {
  const out = new Float32Array(inputs).fill(1);
  if (!msr) return out;
  const mean = msr.reduce((a, b) => a + b, 0) / inputs;
  const floor = Math.max(0.1 * mean, 1e-12);
  let total = 0;
  for (let i = 0; i < inputs; i++) total += out[i] = 1 / Math.max(msr[i]!, floor);
  for (let i = 0; i < inputs; i++) out[i] = (out[i]! * inputs) / total;
  return out;
}
