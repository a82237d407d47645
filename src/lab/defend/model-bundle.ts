/**
 * Adapter: the embedded pipeline's trained models (TrainedModels: preprocessor, detectors, category
 * centroids, auth rule) saved to a directory once and loaded by every agent, so the defending agents
 * run the very same models and none trains at start-up. Layout:
 *   bundle.json          format, detector names, fit/validation rows, category model, auth rule
 *   preprocessor.json    Preprocessor.toJSON()
 *   detectors/<name>/    each detector's ModelArtifact (model.json + weights.bin, detect/model-store.ts)
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadDetectorFactory } from '../../detect/catalog.js';
import { loadArtifact, saveArtifact } from '../../detect/model-store.js';
import type { AuthRuleConfig } from '../../pipeline/auth-rule.js';
import type { TrainedModels } from '../../pipeline/train.js';
import { Preprocessor } from '../../preprocess/index.js';

export const BUNDLE_FORMAT = 'vigil-pipeline-models/1';

export class ModelBundleError extends Error {
  override readonly name = 'ModelBundleError';
}

interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  detectors: { name: string; trainSeconds: number }[];
  categories: { categories: string[]; centroids: number[][]; width: number };
  authRule: AuthRuleConfig;
  fitRows: number;
  validationRows: number;
}

export async function saveTrainedModels(dir: string, models: TrainedModels): Promise<void> {
  await mkdir(join(dir, 'detectors'), { recursive: true });
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    detectors: models.detectors.map((d) => ({ name: d.name, trainSeconds: d.trainSeconds })),
    categories: { categories: models.categories.categories, centroids: models.categories.centroids.map((c) => [...c]), width: models.categories.width },
    authRule: models.authRule,
    fitRows: models.fitRows,
    validationRows: models.validationRows,
  };
  await writeFile(join(dir, 'preprocessor.json'), `${JSON.stringify(models.preprocessor.toJSON())}\n`);
  for (const d of models.detectors) await saveArtifact(join(dir, 'detectors', d.name), d.detector.toArtifact());
  await writeFile(join(dir, 'bundle.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

export async function loadTrainedModels(dir: string): Promise<TrainedModels> {
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'bundle.json'), 'utf8')) as BundleManifest;
  } catch (cause) {
    throw new ModelBundleError(`${dir}: cannot read bundle.json`, { cause });
  }
  if (manifest.format !== BUNDLE_FORMAT) throw new ModelBundleError(`${dir}/bundle.json: format '${String(manifest.format)}', expected '${BUNDLE_FORMAT}'`);
  let preprocessor: Preprocessor;
  try {
    preprocessor = Preprocessor.fromJSON(JSON.parse(await readFile(join(dir, 'preprocessor.json'), 'utf8')));
  } catch (cause) {
    throw new ModelBundleError(`${dir}/preprocessor.json: ${(cause as Error).message}`, { cause });
  }
  const detectors: TrainedModels['detectors'] = [];
  for (const d of manifest.detectors) {
    const artifact = await loadArtifact(join(dir, 'detectors', d.name), preprocessor.outputSchema);
    const factory = await loadDetectorFactory(artifact.kind);
    detectors.push({ name: d.name, detector: await factory.fromArtifact(artifact), trainSeconds: d.trainSeconds });
  }
  const c = manifest.categories;
  if (c.centroids.some((v) => v.length !== c.width)) throw new ModelBundleError(`${dir}/bundle.json: a category centroid is not ${c.width} wide`);
  return {
    preprocessor,
    detectors,
    categories: { categories: c.categories, centroids: c.centroids.map((v) => Float64Array.from(v)), width: c.width },
    authRule: manifest.authRule,
    fitRows: manifest.fitRows,
    validationRows: manifest.validationRows,
  };
}
