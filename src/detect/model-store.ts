/**
 * File adapter for ModelArtifacts: a directory with `model.json` (everything but the weights) and
 * `weights.bin`. The only place in detect/ that touches the file system.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { schemaId, type FeatureSchema } from '../records/index.js';
import { ARTIFACT_FORMAT, ARTIFACT_FORMAT_VERSION, type ModelArtifact } from './artifact.js';
import { SchemaMismatchError } from './detector.js';

export class ModelFileError extends Error {
  constructor(dir: string, detail: string, options?: { cause?: unknown }) {
    super(`model at ${dir}: ${detail}`, options);
    this.name = 'ModelFileError';
  }
}

export async function saveArtifact(dir: string, artifact: ModelArtifact): Promise<void> {
  await mkdir(dir, { recursive: true });
  const { weights, ...meta } = artifact;
  await writeFile(join(dir, 'weights.bin'), new Uint8Array(weights));
  await writeFile(join(dir, 'model.json'), JSON.stringify(meta, null, 2) + '\n');
}

/**
 * Loads an artefact; when `expect` is given, refuses a model trained on another feature definition
 * (name, version, or column list) with a message that says which.
 */
export async function loadArtifact(dir: string, expect?: FeatureSchema): Promise<ModelArtifact> {
  let meta: Omit<ModelArtifact, 'weights'>;
  try {
    meta = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as Omit<ModelArtifact, 'weights'>;
  } catch (cause) {
    throw new ModelFileError(dir, 'cannot read model.json', { cause });
  }
  if (meta.format !== ARTIFACT_FORMAT) throw new ModelFileError(dir, `not a vigil model (format '${String(meta.format)}')`);
  if (meta.formatVersion > ARTIFACT_FORMAT_VERSION) {
    throw new ModelFileError(dir, `format version ${meta.formatVersion} is newer than this vigil reads (${ARTIFACT_FORMAT_VERSION})`);
  }
  if (expect) assertSameSchema(meta.featureSchema, expect, `model at ${dir}`);
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, 'weights.bin'));
  } catch (cause) {
    throw new ModelFileError(dir, 'cannot read weights.bin', { cause });
  }
  const weights = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return { ...meta, weights };
}

export function assertSameSchema(trained: FeatureSchema, given: FeatureSchema, context: string): void {
  const a = schemaId(trained);
  const b = schemaId(given);
  if (a !== b) throw new SchemaMismatchError(a, b, context);
  if (trained.columns.length !== given.columns.length || trained.columns.some((c, i) => c !== given.columns[i])) {
    throw new SchemaMismatchError(`${a} [${trained.columns.length} columns]`, `${b} [${given.columns.length} columns, different names or order]`, context);
  }
}
