/**
 * Typed-array inference for stacks of dense layers: the hand-written alternative to onnxruntime,
 * kept so the serving choice stays a measurement (`npm run bench:serving`) rather than a belief.
 *
 * Layout: weights [in, out] row-major, rows row-major. Each layer runs over blocks of rows with
 * the activation fused into the store; the inner loop is an axpy over one contiguous weight row,
 * and zero inputs (most one-hot columns) are skipped. Accumulation is float64, stored as float32.
 */
export type KernelActivation = 'relu' | 'tanh' | 'sigmoid' | 'linear';

export interface KernelLayer {
  inDim: number;
  outDim: number;
  W: Float32Array;
  b: Float32Array;
  activation: KernelActivation;
}

const BLOCK = 64;

export class DenseStackKernel {
  private readonly scratch: Float64Array[];
  /** The input block as float64, so every layer's loop sees one array type (keeps V8 monomorphic). */
  private readonly inputBlock: Float64Array;

  constructor(readonly layers: readonly KernelLayer[]) {
    if (layers.length === 0) throw new RangeError('DenseStackKernel: no layers');
    layers.forEach((l, i) => {
      if (l.W.length !== l.inDim * l.outDim || l.b.length !== l.outDim)
        throw new RangeError(`DenseStackKernel: layer ${i} shapes do not match`);
      if (i > 0 && layers[i - 1]!.outDim !== l.inDim)
        throw new RangeError(
          `DenseStackKernel: layer ${i} takes ${l.inDim} inputs, previous gives ${layers[i - 1]!.outDim}`,
        );
    });
    this.scratch = layers.map((l) => new Float64Array(BLOCK * l.outDim));
    this.inputBlock = new Float64Array(BLOCK * layers[0]!.inDim);
  }

  /** Output values (rows * last outDim) for `rows` rows of `x`. */
  run(x: Float32Array, rows: number): Float32Array {
    const last = this.layers[this.layers.length - 1]!;
    const out = new Float32Array(rows * last.outDim);
    for (let start = 0; start < rows; start += BLOCK) {
      const n = Math.min(BLOCK, rows - start);
      const inDim = this.layers[0]!.inDim;
      let input = this.inputBlock;
      for (let i = 0, j = start * inDim; i < n * inDim; i++, j++) input[i] = x[j]!;
      for (let li = 0; li < this.layers.length; li++) {
        const l = this.layers[li]!;
        const acc = this.scratch[li]!;
        denseBlock(input, n, l, acc);
        input = acc;
      }
      const w = last.outDim;
      for (let i = 0; i < n * w; i++) out[start * w + i] = input[i]!;
    }
    return out;
  }
}

function denseBlock(x: Float64Array, n: number, l: KernelLayer, acc: Float64Array): void {
  const { inDim, outDim, W, b } = l;
  for (let r = 0; r < n; r++) {
    const o0 = r * outDim;
    for (let o = 0; o < outDim; o++) acc[o0 + o] = b[o]!;
    const x0 = r * inDim;
    for (let i = 0; i < inDim; i++) {
      const xi = x[x0 + i]!;
      if (xi === 0) continue;
      const w0 = i * outDim;
      for (let o = 0; o < outDim; o++) acc[o0 + o] = acc[o0 + o]! + xi * W[w0 + o]!;
    }
    applyActivation(acc, o0, outDim, l.activation);
  }
}

function applyActivation(a: Float64Array, start: number, len: number, act: KernelActivation): void {
  switch (act) {
    case 'relu':
      for (let i = start; i < start + len; i++) if (a[i]! < 0) a[i] = 0;
      return;
    case 'tanh':
      for (let i = start; i < start + len; i++) a[i] = Math.tanh(a[i]!);
      return;
    case 'sigmoid':
      for (let i = start; i < start + len; i++) a[i] = 1 / (1 + Math.exp(-a[i]!));
      return;
    case 'linear':
      return;
  }
}
