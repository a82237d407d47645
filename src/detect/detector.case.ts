/**
 * The conformance suite every Detector passes. A detector's own test file calls
 * `detectorConformance(() => import('./index.js').then(m => m.factory), {...})`.
 *
 * The data is a small seeded two-class problem (normal around 0, attacks shifted), which checks the
 * contract: shapes, schema guarding, thresholds, save/load fidelity. Accuracy on real data is the job
 * of `vigil eval`, not of this suite.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBatch, type FeatureBatch, type FeatureSchema } from '../records/index.js';
import { gaussian, makeRng } from '../util/random.js';
import type { Detector, DetectorFactory, TrainingData } from './detector.js';
import { SchemaMismatchError } from './detector.js';
import { loadArtifact, saveArtifact } from './model-store.js';

export interface ConformanceOptions {
  /** Config passed to factory.create (keep it small: few epochs, few members). */
  config?: Record<string, unknown>;
  /** Trained on normal rows only (autoencoders): labels are still given, the detector may ignore them. */
  unsupervised?: boolean;
  /** Minimum validation accuracy on the easy synthetic problem. */
  minAccuracy?: number;
}

export const CONFORMANCE_SCHEMA: FeatureSchema = {
  name: 'conformance/synthetic',
  version: '1',
  columns: ['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7'],
};

/** Seeded two-class data: normal ~ N(0, 1), attacks ~ N(mu, 1) with mu differing per feature. */
export function syntheticSet(rows: number, seed: number, attackShare = 0.4): { batch: FeatureBatch; labels: Uint8Array } {
  const rng = makeRng(seed);
  const w = CONFORMANCE_SCHEMA.columns.length;
  const data = new Float32Array(rows * w);
  const labels = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const attack = rng() < attackShare;
    labels[r] = attack ? 1 : 0;
    for (let c = 0; c < w; c++) data[r * w + c] = gaussian(rng) + (attack ? (c % 2 === 0 ? 2.5 : -1.5) : 0);
  }
  return { batch: makeBatch(CONFORMANCE_SCHEMA, data), labels };
}

export function syntheticTrainingData(seed = 1): TrainingData {
  const train = syntheticSet(1500, seed);
  const val = syntheticSet(500, seed + 1);
  return {
    train: train.batch,
    trainLabels: train.labels,
    validation: val.batch,
    validationLabels: val.labels,
    provenance: { dataset: 'synthetic', source: 'detector.case.ts', split: '1500/500', seed },
  };
}

function accuracy(scores: Float32Array, labels: Uint8Array, threshold: number): number {
  let ok = 0;
  for (let i = 0; i < scores.length; i++) ok += (scores[i]! >= threshold ? 1 : 0) === labels[i] ? 1 : 0;
  return ok / scores.length;
}

export function detectorConformance(loadFactory: () => Promise<DetectorFactory>, opts: ConformanceOptions = {}): void {
  describe('Detector conformance', () => {
    let factory: DetectorFactory;
    let detector: Detector;
    let data: TrainingData;
    let dir: string;

    beforeAll(async () => {
      factory = await loadFactory();
      data = syntheticTrainingData();
      detector = factory.create(opts.config);
      await detector.train(data, { seed: 7 });
      dir = await mkdtemp(join(tmpdir(), 'vigil-conformance-'));
    });
    afterAll(async () => {
      detector?.dispose();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('has a kind and a description', () => {
      expect(factory.kind).toMatch(/^[a-z0-9-]+$/);
      expect(detector.kind).toBe(factory.kind);
      expect(factory.description.length).toBeGreaterThan(10);
    });

    it('refuses to score before training', async () => {
      const fresh = factory.create(opts.config);
      await expect(fresh.score(data.validation)).rejects.toThrow();
      fresh.dispose();
    });

    it('records the schema it was trained on and a finite threshold', () => {
      expect(detector.featureSchema).toEqual(CONFORMANCE_SCHEMA);
      expect(Number.isFinite(detector.threshold)).toBe(true);
    });

    it('scores every row with a finite number and separates the easy problem', async () => {
      const scores = await detector.score(data.validation);
      expect(scores).toHaveLength(data.validation.rows);
      expect(scores.every((s) => Number.isFinite(s))).toBe(true);
      expect(accuracy(scores, data.validationLabels, detector.threshold)).toBeGreaterThanOrEqual(opts.minAccuracy ?? 0.9);
    });

    it('scores a single row the same as inside a batch', async () => {
      const all = await detector.score(data.validation);
      const w = CONFORMANCE_SCHEMA.columns.length;
      const one = await detector.score(makeBatch(CONFORMANCE_SCHEMA, data.validation.data.slice(3 * w, 4 * w)));
      expect(one[0]).toBeCloseTo(all[3]!, 5);
    });

    it('refuses a batch with another feature definition', async () => {
      const other = makeBatch({ ...CONFORMANCE_SCHEMA, version: '2' }, data.validation.data);
      await expect(detector.score(other)).rejects.toBeInstanceOf(SchemaMismatchError);
    });

    it('survives a save/load round trip with identical scores', async () => {
      const before = await detector.score(data.validation);
      const artifact = detector.toArtifact();
      expect(artifact.kind).toBe(factory.kind);
      expect(artifact.training.trainRows).toBe(data.train.rows);
      await saveArtifact(dir, artifact);
      const loaded = await factory.fromArtifact(await loadArtifact(dir, CONFORMANCE_SCHEMA));
      const after = await loaded.score(data.validation);
      expect(loaded.threshold).toBe(detector.threshold);
      expect(Array.from(after)).toEqual(Array.from(before));
      loaded.dispose();
    });

    it('refuses to load against another feature definition', async () => {
      await saveArtifact(dir, detector.toArtifact());
      await expect(loadArtifact(dir, { ...CONFORMANCE_SCHEMA, version: '9' })).rejects.toBeInstanceOf(SchemaMismatchError);
    });

    if (opts.unsupervised) {
      it('trains when every row is labelled normal (it needs no attack labels)', async () => {
        const relabelled = { ...data, trainLabels: data.trainLabels.map(() => 0) };
        const d2 = factory.create(opts.config);
        await d2.train(relabelled, { seed: 7 });
        expect(Number.isFinite(d2.threshold)).toBe(true);
        d2.dispose();
      });
    }
  });
}
