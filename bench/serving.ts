/**
 * Serving kernels compared on the same networks and the same real rows (KDDTest+ features):
 * onnxruntime-node (one intra-op thread) against the hand-written typed-array kernel. Weights are
 * random: speed does not depend on their values. This is the measurement behind the serving
 * choice in src/detect/serving/README.md.
 *
 *   npm run bench:serving
 */
import { join } from 'node:path';
import { readDataset, sharedDatasetsDir } from '../src/datasets/index.js';
import { DenseStackKernel, type KernelLayer } from '../src/detect/serving/js-kernel.js';
import { buildOnnxModel, denseNodes, type OnnxNode } from '../src/detect/serving/onnx/graph.js';
import { OnnxScorer } from '../src/detect/serving/onnx/session.js';
import { measureScoring, type Scorer } from '../src/eval/timing.js';
import { makeBatch, type FeatureBatch } from '../src/records/index.js';
import { Preprocessor } from '../src/preprocess/index.js';
import { makeRng } from '../src/util/random.js';

function stack(widths: number[], seed: number): KernelLayer[] {
  const rng = makeRng(seed);
  return widths.slice(1).map((out, i) => {
    const inDim = widths[i]!;
    const limit = Math.sqrt(6 / (inDim + out));
    return {
      inDim,
      outDim: out,
      activation: i === widths.length - 2 ? 'linear' : 'relu',
      W: Float32Array.from({ length: inDim * out }, () => (rng() * 2 - 1) * limit),
      b: new Float32Array(out),
    };
  });
}

function onnxOf(layers: KernelLayer[]): Uint8Array {
  const nodes: OnnxNode[] = [];
  let h = 'x';
  layers.forEach((l, i) => {
    const d = denseNodes(h, `l${i}`, l.activation === 'relu' ? 'relu' : 'linear');
    nodes.push(...d.nodes);
    h = d.output;
  });
  return buildOnnxModel({
    name: 'bench',
    input: { name: 'x', width: layers[0]!.inDim },
    output: { name: h, width: layers[layers.length - 1]!.outDim },
    initializers: layers.flatMap((l, i) => [
      { name: `l${i}_W`, dims: [l.inDim, l.outDim], values: l.W },
      { name: `l${i}_b`, dims: [l.outDim], values: l.b },
    ]),
    nodes,
  });
}

async function realRows(): Promise<FeatureBatch> {
  const dir = sharedDatasetsDir();
  if (!dir) {
    console.log('shared datasets not found: using 20,000 synthetic rows of 124 features');
    const rng = makeRng(1);
    return makeBatch(
      { name: 'synthetic', version: '1', columns: Array.from({ length: 124 }, (_, i) => `f${i}`) },
      Float32Array.from({ length: 20000 * 124 }, () => (rng() < 0.6 ? 0 : rng())),
    );
  }
  const train = await readDataset('nsl-kdd', join(dir, 'nsl-kdd', 'KDDTrain+.txt.gz'));
  const test = await readDataset('nsl-kdd', join(dir, 'nsl-kdd', 'KDDTest+.txt.gz'));
  return Preprocessor.fit(train).transform(test);
}

const rows = await realRows();
const d = rows.schema.columns.length;
console.log(`rows: ${rows.rows} x ${d} features (KDDTest+ when available)`);
for (const [name, widths] of [
  ['mlp d-64-32-1', [d, 64, 32, 1]],
  ['autoencoder d-32-8-32-d', [d, 32, 8, 32, d]],
] as const) {
  const layers = stack([...widths], 1);
  const ort = await OnnxScorer.create(onnxOf(layers));
  const kernel = new DenseStackKernel(layers);
  const scorers: [string, Scorer][] = [
    ['onnxruntime (1 thread)', { score: (b) => ort.run(b.data, b.rows, d) }],
    ['typed-array kernel', { score: async (b) => kernel.run(b.data, b.rows) }],
  ];
  for (const [label, scorer] of scorers) {
    const t = await measureScoring(scorer, rows, { latencyCalls: 10000, latencyMaxSeconds: 5 });
    await scorer.score(rows);
    const cpuStart = process.cpuUsage();
    for (let i = 0; i < 5; i++) await scorer.score(rows);
    const cpuUsed = process.cpuUsage(cpuStart);
    const perCpuSecond = (rows.rows * 5) / ((cpuUsed.user + cpuUsed.system) / 1e6);
    console.log(
      `${name.padEnd(26)} ${label.padEnd(24)} ${(t.flowsPerSecond / 1e6).toFixed(2)} M rows/s (batches of ${t.batchRows}); ` +
        `single row p50 ${t.latencyP50Us.toFixed(1)} us, p99 ${t.latencyP99Us.toFixed(1)} us; ` +
        `${(perCpuSecond / 1e6).toFixed(2)} M rows per CPU-second`,
    );
  }
  ort.dispose();
}
