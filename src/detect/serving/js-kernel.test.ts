import { describe, expect, it } from 'vitest';
import { makeRng } from '../../util/random.js';
import { DenseStackKernel, type KernelLayer } from './js-kernel.js';
import { buildOnnxModel, denseNodes } from './onnx/graph.js';
import { OnnxScorer } from './onnx/session.js';

function layer(
  rng: () => number,
  inDim: number,
  outDim: number,
  activation: KernelLayer['activation'],
): KernelLayer {
  return {
    inDim,
    outDim,
    activation,
    W: Float32Array.from({ length: inDim * outDim }, () => rng() - 0.5),
    b: Float32Array.from({ length: outDim }, () => rng() - 0.5),
  };
}

describe('DenseStackKernel', () => {
  it('computes a hand-checked layer', () => {
    // y = relu([1, 2] · [[1, -1], [2, -3]] + [0.5, 0.5]) = relu([5.5, -6.5]) = [5.5, 0]
    const k = new DenseStackKernel([
      {
        inDim: 2,
        outDim: 2,
        W: Float32Array.from([1, -1, 2, -3]),
        b: Float32Array.from([0.5, 0.5]),
        activation: 'relu',
      },
    ]);
    expect(Array.from(k.run(Float32Array.from([1, 2]), 1))).toEqual([5.5, 0]);
  });

  it('agrees with onnxruntime on a 3-layer stack, across block boundaries', async () => {
    const rng = makeRng(8);
    const layers = [layer(rng, 12, 8, 'relu'), layer(rng, 8, 4, 'tanh'), layer(rng, 4, 1, 'sigmoid')];
    const rows = 150; // more than two blocks of 64
    const x = Float32Array.from({ length: rows * 12 }, () => (rng() < 0.3 ? 0 : rng() * 4 - 2));
    const acts = ['relu', 'tanh', 'sigmoid'] as const;
    const nodes = [];
    let h = 'x';
    for (let i = 0; i < 3; i++) {
      const d = denseNodes(h, `l${i}`, acts[i]!);
      nodes.push(...d.nodes);
      h = d.output;
    }
    const model = buildOnnxModel({
      name: 'stack',
      input: { name: 'x', width: 12 },
      output: { name: h, width: 1 },
      initializers: layers.flatMap((l, i) => [
        { name: `l${i}_W`, dims: [l.inDim, l.outDim], values: l.W },
        { name: `l${i}_b`, dims: [l.outDim], values: l.b },
      ]),
      nodes,
    });
    const ort = await OnnxScorer.create(model);
    const expected = await ort.run(x, rows, 12);
    const got = new DenseStackKernel(layers).run(x, rows);
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    ort.dispose();
  });
});
