import { describe, expect, it } from 'vitest';
import { makeRng } from '../../../util/random.js';
import { buildOnnxModel, denseNodes } from './graph.js';
import { OnnxScorer, OnnxServingError } from './session.js';

/** Reference dense forward pass in float64, written out plainly. */
function dense(
  x: Float32Array,
  rows: number,
  w: Float32Array,
  b: Float32Array,
  inDim: number,
  outDim: number,
  act: (v: number) => number,
): Float64Array {
  const out = new Float64Array(rows * outDim);
  for (let r = 0; r < rows; r++)
    for (let o = 0; o < outDim; o++) {
      let s = b[o]!;
      for (let i = 0; i < inDim; i++) s += x[r * inDim + i]! * w[i * outDim + o]!;
      out[r * outDim + o] = act(s);
    }
  return out;
}

function randomArray(n: number, seed: number): Float32Array {
  const rng = makeRng(seed);
  return Float32Array.from({ length: n }, () => rng() * 2 - 1);
}

describe('ONNX export + onnxruntime', () => {
  const d = 5;
  const h = 4;
  const W1 = randomArray(d * h, 1);
  const b1 = randomArray(h, 2);
  const W2 = randomArray(h, 3);
  const b2 = randomArray(1, 4);
  const l1 = denseNodes('x', 'l1', 'relu');
  const l2 = denseNodes(l1.output, 'l2', 'sigmoid');
  const model = buildOnnxModel({
    name: 'tiny',
    input: { name: 'x', width: d },
    output: { name: l2.output, width: 1 },
    initializers: [
      { name: 'l1_W', dims: [d, h], values: W1 },
      { name: 'l1_b', dims: [h], values: b1 },
      { name: 'l2_W', dims: [h, 1], values: W2 },
      { name: 'l2_b', dims: [1], values: b2 },
    ],
    nodes: [...l1.nodes, ...l2.nodes],
  });

  it('computes the same as a plain forward pass', async () => {
    const rows = 7;
    const x = randomArray(rows * d, 5);
    const hidden = dense(x, rows, W1, b1, d, h, (v) => Math.max(0, v));
    const expected = dense(Float32Array.from(hidden), rows, W2, b2, h, 1, (v) => 1 / (1 + Math.exp(-v)));
    const scorer = await OnnxScorer.create(model);
    const got = await scorer.run(x, rows, d);
    expect(got).toHaveLength(rows);
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    scorer.dispose();
  });

  it('reads only its own rows from a view into a larger buffer', async () => {
    const x = randomArray(10 * d, 6);
    const scorer = await OnnxScorer.create(model);
    const whole = await scorer.run(x, 10, d);
    const view = await scorer.run(x.subarray(3 * d, 5 * d), 2, d);
    expect(view[0]).toBeCloseTo(whole[3]!, 6);
    expect(view[1]).toBeCloseTo(whole[4]!, 6);
    scorer.dispose();
  });

  it('rejects bytes that are not a model with a named error', async () => {
    await expect(OnnxScorer.create(new Uint8Array([1, 2, 3]))).rejects.toBeInstanceOf(OnnxServingError);
  });

  it('refuses initialisers whose dims do not match their values', () => {
    expect(() =>
      buildOnnxModel({
        name: 'bad',
        input: { name: 'x', width: 2 },
        output: { name: 'y' },
        initializers: [{ name: 'w', dims: [3], values: new Float32Array(2) }],
        nodes: [],
      }),
    ).toThrow(/dims/);
  });
});
