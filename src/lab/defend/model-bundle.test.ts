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

// samples/lab-train is a folder of runs (run1, run2), read as one training set.
describe.skipIf(!existsSync(TRAIN))('pipeline model bundle', () => {
  // ensemble is the default detector of `vigil run` and of the lab's defence; random-forest one more kind.
  it('loads back models that score every row exactly as the trained ones, with the same categories and auth rule', async () => {
    const { models, table } = await trainOnLabRun(TRAIN, { detectors: ['random-forest', 'ensemble'] });
    await saveTrainedModels(join(dir, 'm'), models);
    const loaded = await loadTrainedModels(join(dir, 'm'));
    const batch = models.preprocessor.transform(table);
    const again = loaded.preprocessor.transform(table);
    expect(again.data).toEqual(batch.data);
    expect(loaded.detectors.map((d) => d.name)).toEqual(['random-forest', 'ensemble']);
    for (const [i, d] of models.detectors.entries()) {
      const a = await d.detector.score(batch);
      const b = await loaded.detectors[i]!.detector.score(again);
      expect(b, d.name).toEqual(a);
      expect(loaded.detectors[i]!.detector.threshold, d.name).toBe(d.detector.threshold);
    }
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
