import { describe, expect, it } from 'vitest';
import { loadDetectorFactory } from './catalog.js';
import { stratifiedFolds } from './out-of-fold-threshold.js';

describe('out-of-fold thresholds (opt-in thresholdFolds)', () => {
  it('spreads each class evenly over the folds, the same way for the same seed', () => {
    const labels = Uint8Array.from({ length: 103 }, (_, i) => (i % 10 === 0 ? 0 : 1));
    const folds = stratifiedFolds(labels, 4, 7);
    for (const cls of [0, 1]) {
      const sizes = [0, 0, 0, 0];
      labels.forEach((l, i) => l === cls && sizes[folds[i]!]!++);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
    expect(stratifiedFolds(labels, 4, 7)).toEqual(folds);
  });

  it('leaves a config without the key to the detector itself, and refuses a bad fold count', async () => {
    const factory = await loadDetectorFactory('random-forest');
    expect(factory.create({ trees: 3 }).constructor.name).toBe('TreeDetector');
    expect(factory.create({ trees: 3, thresholdFolds: 3 }).constructor.name).toBe('OutOfFoldThresholdDetector');
    expect(() => factory.create({ thresholdFolds: 1 })).toThrow(/thresholdFolds/);
    expect(() => factory.create({ thresholdFolds: 3, nope: 1 })).toThrow(/nope/);
  });

  it('fits the threshold on scores of rows each model did not learn from, and saves it', async () => {
    const factory = await loadDetectorFactory('random-forest');
    const width = 2;
    const rows = 200;
    const data = new Float32Array(rows * width);
    const labels = new Uint8Array(rows);
    for (let i = 0; i < rows; i++) {
      labels[i] = i % 2;
      data[i * width] = labels[i]! + ((i * 37) % 11) / 20; // overlapping classes
      data[i * width + 1] = (i * 13) % 7;
    }
    const schema = { name: 't', version: '1', columns: ['a', 'b'] };
    const batch = (from: number, to: number) => ({ schema, rows: to - from, data: data.slice(from * width, to * width) });
    const d = factory.create({ trees: 5, thresholdFolds: 3 });
    const summary = await d.train(
      {
        train: batch(0, 180),
        trainLabels: labels.slice(0, 180),
        validation: batch(180, 200),
        validationLabels: labels.slice(180, 200),
        provenance: { dataset: 't', source: 't', split: 't', seed: 0 },
      },
      { seed: 0 },
    );
    expect(summary.validation.outOfFoldThreshold).toBe(d.threshold);
    expect(Number.isFinite(d.threshold)).toBe(true);
    const artifact = d.toArtifact();
    expect(artifact.threshold).toBe(d.threshold);
    expect(artifact.thresholdRule).toMatch(/max-accuracy on out-of-fold scores .*of all 200 training rows \(3 folds\)/);
    const loaded = await factory.fromArtifact(artifact);
    expect(loaded.threshold).toBe(d.threshold);
    expect(await loaded.score(batch(0, 10))).toEqual(await d.score(batch(0, 10)));
    d.dispose();
  });
});
