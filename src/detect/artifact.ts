/**
 * ModelArtifact: a trained detector as data. Weights travel as {specs, ArrayBuffer}, as in
 * TensorFlow.js, so one file format serves every model kind. The fs adapter (model-store.ts)
 * writes it as `model.json` + `weights.bin`.
 */
import type { FeatureSchema } from '../records/index.js';
import type { TrainingData, TrainingProvenance } from './detector.js';

export const ARTIFACT_FORMAT = 'vigil-model';
export const ARTIFACT_FORMAT_VERSION = 1;

export type WeightDtype = 'float32' | 'float64' | 'int32' | 'uint8';

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: WeightDtype;
  /** Byte offset into the weights buffer. */
  byteOffset: number;
}

export interface ModelArtifact {
  format: typeof ARTIFACT_FORMAT;
  formatVersion: number;
  kind: string;
  /** Version of this trained model, e.g. '2026-11-26T10:00:00Z-seed0'. */
  modelVersion: string;
  featureSchema: FeatureSchema;
  config: Record<string, unknown>;
  threshold: number;
  /** Which rule fitted the threshold, on which split, e.g. 'max-accuracy on validation'. */
  thresholdRule: string;
  training: TrainingProvenance & {
    trainRows: number;
    validationRows: number;
    trainedAt: string;
    seconds: number;
    metrics: Record<string, number>;
  };
  /** Extra JSON state a model needs (tree structure, member list, ...). */
  state?: unknown;
  weightSpecs: WeightSpec[];
  weights: ArrayBuffer;
}

export type WeightArray = Float32Array | Float64Array | Int32Array | Uint8Array;

const BYTES: Record<WeightDtype, number> = { float32: 4, float64: 8, int32: 4, uint8: 1 };

function dtypeOf(a: WeightArray): WeightDtype {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  return 'uint8';
}

/** Packs named arrays into one 8-byte-aligned buffer with specs. */
export function packWeights(entries: { name: string; shape: number[]; values: WeightArray }[]): {
  weightSpecs: WeightSpec[];
  weights: ArrayBuffer;
} {
  const specs: WeightSpec[] = [];
  let offset = 0;
  for (const e of entries) {
    offset = Math.ceil(offset / 8) * 8;
    specs.push({ name: e.name, shape: e.shape, dtype: dtypeOf(e.values), byteOffset: offset });
    offset += e.values.byteLength;
  }
  const buf = new ArrayBuffer(offset);
  const bytes = new Uint8Array(buf);
  entries.forEach((e, i) => {
    bytes.set(new Uint8Array(e.values.buffer, e.values.byteOffset, e.values.byteLength), specs[i]!.byteOffset);
  });
  return { weightSpecs: specs, weights: buf };
}

/** Reads one named array back (copied, so the artefact buffer can be dropped). */
export function readWeight(artifact: Pick<ModelArtifact, 'weightSpecs' | 'weights' | 'kind'>, name: string): WeightArray {
  const spec = artifact.weightSpecs.find((s) => s.name === name);
  if (!spec) throw new Error(`model ${artifact.kind}: weight '${name}' is missing from the artefact`);
  const count = spec.shape.reduce((a, b) => a * b, 1);
  const bytes = artifact.weights.slice(spec.byteOffset, spec.byteOffset + count * BYTES[spec.dtype]);
  switch (spec.dtype) {
    case 'float32':
      return new Float32Array(bytes);
    case 'float64':
      return new Float64Array(bytes);
    case 'int32':
      return new Int32Array(bytes);
    case 'uint8':
      return new Uint8Array(bytes);
  }
}

/** Everything in an artefact but the model's own state and weights: kept by a trained or loaded detector. */
export type ArtifactMeta = Omit<ModelArtifact, 'state' | 'weightSpecs' | 'weights'>;

export interface TrainedMetaParts {
  kind: string;
  config: Record<string, unknown>;
  threshold: { threshold: number; rule: string };
  data: TrainingData;
  seed: number;
  seconds: number;
  metrics: Record<string, number>;
}

export function trainedMeta(p: TrainedMetaParts): ArtifactMeta {
  const trainedAt = new Date().toISOString();
  return {
    format: ARTIFACT_FORMAT,
    formatVersion: ARTIFACT_FORMAT_VERSION,
    kind: p.kind,
    modelVersion: `${trainedAt}-seed${p.seed}`,
    featureSchema: p.data.train.schema,
    config: p.config,
    threshold: p.threshold.threshold,
    thresholdRule: p.threshold.rule,
    training: {
      ...p.data.provenance,
      trainRows: p.data.train.rows,
      validationRows: p.data.validation.rows,
      trainedAt,
      seconds: p.seconds,
      metrics: p.metrics,
    },
  };
}

/** The artefact without its model state and weights: what a trained or loaded detector keeps. */
export function artifactMeta(artifact: ModelArtifact): ArtifactMeta {
  const meta: Partial<ModelArtifact> = { ...artifact };
  delete meta.state;
  delete meta.weightSpecs;
  delete meta.weights;
  return meta as ArtifactMeta;
}
