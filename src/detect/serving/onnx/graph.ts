/**
 * Builds ONNX models (ModelProto bytes) for the small feed-forward graphs vigil serves: Gemm,
 * activations, Softmax, Mul, Sub, ReduceMean. Field numbers follow onnx/onnx.proto (IR version 8,
 * default-domain opset 13). Only what our exporters use is here; it is not a general ONNX library.
 */
import { ProtoWriter } from './protobuf.js';

const IR_VERSION = 8;
const OPSET = 13;
const FLOAT = 1; // TensorProto.DataType.FLOAT

const enum AttrType {
  Float = 1,
  Int = 2,
  Ints = 7,
}

export type AttrValue = { float: number } | { int: number } | { ints: number[] };

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs?: Record<string, AttrValue>;
}

export interface OnnxInitializer {
  name: string;
  dims: number[];
  values: Float32Array;
}

export interface OnnxGraphSpec {
  name: string;
  /** Float input [batch, width]; the batch dimension is symbolic. */
  input: { name: string; width: number };
  /** Float output [batch, width] (or [batch] when width is undefined). */
  output: { name: string; width?: number };
  initializers: OnnxInitializer[];
  nodes: OnnxNode[];
}

function writeTensor(w: ProtoWriter, t: OnnxInitializer): void {
  const count = t.dims.reduce((a, b) => a * b, 1);
  if (count !== t.values.length) {
    throw new RangeError(
      `onnx initializer ${t.name}: dims [${t.dims.join(',')}] hold ${count} values, got ${t.values.length}`,
    );
  }
  w.packedInts(1, t.dims);
  w.int(2, FLOAT);
  w.string(8, t.name);
  // raw_data is little-endian; copy so a subarray view writes only its own bytes.
  const le = new Float32Array(t.values);
  w.bytes(9, new Uint8Array(le.buffer));
}

function writeValueInfo(w: ProtoWriter, name: string, width: number | undefined): void {
  w.string(1, name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, FLOAT);
      tensor.message(2, (shape) => {
        shape.message(1, (dim) => dim.string(2, 'batch'));
        if (width !== undefined) shape.message(1, (dim) => dim.int(1, width));
      });
    }),
  );
}

function writeAttr(w: ProtoWriter, name: string, value: AttrValue): void {
  w.string(1, name);
  if ('float' in value) w.float(2, value.float).int(20, AttrType.Float);
  else if ('int' in value) w.int(3, value.int).int(20, AttrType.Int);
  else w.packedInts(8, value.ints).int(20, AttrType.Ints);
}

export function buildOnnxModel(spec: OnnxGraphSpec): Uint8Array {
  const model = new ProtoWriter();
  model.int(1, IR_VERSION);
  model.string(2, 'vigil');
  model.message(7, (g) => {
    spec.nodes.forEach((n, i) => {
      g.message(1, (node) => {
        for (const x of n.inputs) node.string(1, x);
        for (const y of n.outputs) node.string(2, y);
        node.string(3, `${n.op}_${i}`);
        node.string(4, n.op);
        for (const [k, v] of Object.entries(n.attrs ?? {})) node.message(5, (a) => writeAttr(a, k, v));
      });
    });
    g.string(2, spec.name);
    for (const t of spec.initializers) g.message(5, (tw) => writeTensor(tw, t));
    g.message(11, (vi) => writeValueInfo(vi, spec.input.name, spec.input.width));
    g.message(12, (vi) => writeValueInfo(vi, spec.output.name, spec.output.width));
  });
  model.message(8, (op) => op.string(1, '').int(2, OPSET));
  return model.finish();
}

/** A dense layer y = act(x W + b) as nodes; W is [in, out] row-major, as the trainers keep it. */
export function denseNodes(
  x: string,
  prefix: string,
  activation: 'relu' | 'tanh' | 'sigmoid' | 'softmax' | 'linear',
  extraAttrs: Record<string, AttrValue> = {},
): { nodes: OnnxNode[]; output: string } {
  const lin = activation === 'linear' ? `${prefix}_out` : `${prefix}_lin`;
  const nodes: OnnxNode[] = [
    { op: 'Gemm', inputs: [x, `${prefix}_W`, `${prefix}_b`], outputs: [lin], attrs: extraAttrs },
  ];
  if (activation === 'linear') return { nodes, output: lin };
  const op = { relu: 'Relu', tanh: 'Tanh', sigmoid: 'Sigmoid', softmax: 'Softmax' }[activation];
  nodes.push({
    op,
    inputs: [lin],
    outputs: [`${prefix}_out`],
    attrs: activation === 'softmax' ? { axis: { int: 1 } } : {},
  });
  return { nodes, output: `${prefix}_out` };
}
