import { describe, expect, it } from 'vitest';
import { loadTf } from '../tf/backend.js';
import { ArtifactContentError } from '../tf/weights.js';
import { detectorConformance, syntheticTrainingData } from '../detector.case.js';
import { factory, type MlpAttentionDetector } from './index.js';

const small = {
  epochs: 15,
  patience: 5,
  batchSize: 64,
  hidden: [16, 8],
  attentionHidden: 8,
  learningRate: 0.01,
};

detectorConformance(() => import('./index.js').then((m) => m.factory), { config: small });

describe('mlp-attention', () => {
  it('is repeatable from the seed and reports epoch progress', async () => {
    const data = syntheticTrainingData(3);
    const epochs: number[] = [];
    const a = factory.create({ ...small, epochs: 3 }) as MlpAttentionDetector;
    const b = factory.create({ ...small, epochs: 3 }) as MlpAttentionDetector;
    await a.train(data, { seed: 11, onProgress: (p) => p.stage === 'epoch' && epochs.push(p.step!) });
    await b.train(data, { seed: 11 });
    expect(epochs).toEqual([1, 2, 3]);
    expect(Array.from(await a.score(data.validation))).toEqual(Array.from(await b.score(data.validation)));
    a.dispose();
    b.dispose();
  });

  it('exposes attention weights that form a distribution over the features', async () => {
    const data = syntheticTrainingData(4);
    const d = factory.create({ ...small, epochs: 5 }) as MlpAttentionDetector;
    await d.train(data, { seed: 1 });
    const all = d.topFeatures(100);
    expect(all.map((f) => f.feature).sort()).toEqual([...data.train.schema.columns].sort());
    expect(all.reduce((s, f) => s + f.weight, 0)).toBeCloseTo(1, 4);
    expect(all[0]!.weight).toBeGreaterThanOrEqual(all[all.length - 1]!.weight);
    d.dispose();
  });

  it('leaves no tfjs tensors behind after training', async () => {
    const tf = await loadTf();
    const before = tf.memory().numTensors;
    const d = factory.create({ ...small, epochs: 2 });
    await d.train(syntheticTrainingData(8), { seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
    d.dispose();
  });

  it('refuses an artefact whose weights do not fit its config, or of another kind', async () => {
    const d = factory.create({ ...small, epochs: 1 });
    await d.train(syntheticTrainingData(9), { seed: 1 });
    const artifact = d.toArtifact();
    await expect(
      factory.fromArtifact({ ...artifact, config: { ...artifact.config, hidden: [7] } }),
    ).rejects.toBeInstanceOf(ArtifactContentError);
    await expect(factory.fromArtifact({ ...artifact, kind: 'autoencoder' })).rejects.toThrow(
      /not 'mlp-attention'/,
    );
    d.dispose();
  });

  it('rejects an unknown config key with a clear message', () => {
    expect(() => factory.create({ epoch: 3 })).toThrow(/invalid config/);
  });
});
