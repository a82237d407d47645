/** The autoencoder's per-row reconstruction error (network.ts) as an ONNX graph for serving. */
import { buildOnnxModel, denseNodes, type OnnxNode } from '../serving/onnx/graph.js';
import type { WeightMap } from '../tf/weights.js';
import { layers, type Architecture } from './network.js';

/** Weight name of the per-feature residual weights (network.ts residualScale). */
export const RESIDUAL_SCALE = 'residual_scale';

/** `weights` holds the layer weights and RESIDUAL_SCALE [inputs]. */
export function exportOnnx(arch: Architecture, weights: WeightMap): Uint8Array {
  const nodes: OnnxNode[] = [];
  let h = 'x';
  for (const l of layers(arch)) {
    const layer = denseNodes(h, l.name, l.activation);
    nodes.push(...layer.nodes);
    h = layer.output;
  }
  nodes.push(
    { op: 'Sub', inputs: ['x', h], outputs: ['residual'] },
    { op: 'Mul', inputs: ['residual', 'residual'], outputs: ['squared'] },
    { op: 'Mul', inputs: ['squared', RESIDUAL_SCALE], outputs: ['weighted'] },
    // opset 13: axes is an attribute (it became an input in opset 18).
    {
      op: 'ReduceMean',
      inputs: ['weighted'],
      outputs: ['error'],
      attrs: { axes: { ints: [1] }, keepdims: { int: 0 } },
    },
  );
  return buildOnnxModel({
    name: 'autoencoder',
    input: { name: 'x', width: arch.inputs },
    output: { name: 'error' },
    initializers: [...weights].map(([name, w]) => ({ name, dims: w.shape, values: w.values })),
    nodes,
  });
}
