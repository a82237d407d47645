/** The MLP-with-attention forward pass (network.ts) as an ONNX graph for serving. */
import { buildOnnxModel, denseNodes, type OnnxNode } from '../serving/onnx/graph.js';
import type { WeightMap } from '../tf/weights.js';
import type { Architecture } from './network.js';

export function exportOnnx(arch: Architecture, weights: WeightMap): Uint8Array {
  const nodes: OnnxNode[] = [];
  let att = 'x';
  if (arch.attentionHidden > 0) {
    const a1 = denseNodes('x', 'att1', 'tanh');
    nodes.push(...a1.nodes);
    att = a1.output;
  }
  const a2 = denseNodes(att, 'att2', 'softmax');
  nodes.push(...a2.nodes);
  nodes.push({ op: 'Mul', inputs: ['x', a2.output], outputs: ['x_att'] });
  let h = 'x_att';
  arch.hidden.forEach((_, i) => {
    // alpha = d folds the "d * (x ⊙ a)" scale of network.ts into the first Gemm.
    const layer = denseNodes(h, `h${i}`, 'relu', i === 0 ? { alpha: { float: arch.inputs } } : {});
    nodes.push(...layer.nodes);
    h = layer.output;
  });
  const out = denseNodes(h, 'out', 'linear');
  nodes.push(...out.nodes);
  return buildOnnxModel({
    name: 'mlp-attention',
    input: { name: 'x', width: arch.inputs },
    output: { name: out.output, width: 1 },
    initializers: [...weights].map(([name, w]) => ({ name, dims: w.shape, values: w.values })),
    nodes,
  });
}
