import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trainOnLabRun } from '../../roles/run.js';
import { PROJECT_ROOT } from '../paths.js';
import { loadTrainedModels, ModelBundleError, saveTrainedModels } from './model-bundle.js';

const TRAIN = join(PROJECT_ROOT, 'samples', 'lab-train');
const dir = mkdtempSync(join(tmpdir(), 'vigil-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!existsSync(join(TRAIN, 'labels.json')))('pipeline model bundle', () => {
  it('loads back models that score every row exactly as the trained ones, with the same categories and auth rule', async () => {
    const { models, table } = await trainOnLabRun(TRAIN, { detectors: ['random-forest'] });
    await saveTrainedModels(join(dir, 'm'), models);
    const loaded = await loadTrainedModels(join(dir, 'm'));
    const batch = models.preprocessor.transform(table);
    const again = loaded.preprocessor.transform(table);
    expect(again.data).toEqual(batch.data);
    const a = await models.detectors[0]!.detector.score(batch);
    const b = await loaded.detectors[0]!.detector.score(again);
    expect(b).toEqual(a);
    expect(loaded.detectors[0]!.detector.threshold).toBe(models.detectors[0]!.detector.threshold);
    expect(loaded.categories.categories).toEqual(models.categories.categories);
    expect(loaded.categories.centroids).toEqual(models.categories.centroids);
    expect(loaded.authRule).toEqual(models.authRule);
  }, 60_000);

  it('names the file when a bundle is missing or foreign', async () => {
    await expect(loadTrainedModels(join(dir, 'absent'))).rejects.toThrow(ModelBundleError);
    writeFileSync(join(dir, 'bundle.json'), JSON.stringify({ format: 'other' }));
    await expect(loadTrainedModels(dir)).rejects.toThrow(/bundle\.json: format 'other'/);
  });
});
