/** Moving named Float32 weights between ParamSet snapshots and ModelArtifacts. */
import { packWeights, readWeight, type ModelArtifact } from '../artifact.js';

/** An artefact whose weights or kind do not fit the model loading it. */
export class ArtifactContentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArtifactContentError';
  }
}

export function assertArtifactKind(artifact: ModelArtifact, kind: string): void {
  if (artifact.kind !== kind)
    throw new ArtifactContentError(`artefact is a '${artifact.kind}' model, not '${kind}'`);
}

export type WeightMap = Map<string, { shape: number[]; values: Float32Array }>;

export function packWeightMap(weights: WeightMap): Pick<ModelArtifact, 'weightSpecs' | 'weights'> {
  return packWeights([...weights].map(([name, w]) => ({ name, shape: w.shape, values: w.values })));
}

export function unpackWeightMap(artifact: ModelArtifact): WeightMap {
  const out: WeightMap = new Map();
  for (const spec of artifact.weightSpecs) {
    const values = readWeight(artifact, spec.name);
    if (!(values instanceof Float32Array))
      throw new ArtifactContentError(
        `model ${artifact.kind}: weight '${spec.name}' is ${spec.dtype}, expected float32`,
      );
    out.set(spec.name, { shape: spec.shape, values });
  }
  return out;
}

/** Checks that the artefact holds exactly the expected weights with the expected shapes. */
export function checkWeightShapes(
  kind: string,
  weights: WeightMap,
  expected: { name: string; shape: number[] }[],
): void {
  for (const e of expected) {
    const w = weights.get(e.name);
    if (!w) throw new ArtifactContentError(`model ${kind}: weight '${e.name}' is missing from the artefact`);
    if (w.shape.join('x') !== e.shape.join('x')) {
      throw new ArtifactContentError(
        `model ${kind}: weight '${e.name}' has shape [${w.shape.join(', ')}], config says [${e.shape.join(', ')}]`,
      );
    }
  }
}
