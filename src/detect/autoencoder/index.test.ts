import { describe, expect, it } from 'vitest';
import { loadTf } from '../tf/backend.js';
import { detectorConformance, syntheticTrainingData } from '../detector.case.js';
import { factory, NoNormalRowsError } from './index.js';

const small = { epochs: 20, patience: 5, batchSize: 64, encoder: [16, 3], learningRate: 0.01 };

detectorConformance(() => import('./index.js').then((m) => m.factory), {
  config: small,
  unsupervised: true,
  minAccuracy: 0.85,
});

describe('autoencoder', () => {
  it('learns from normal rows only: dropping the attack rows from training gives the same model', async () => {
    const data = syntheticTrainingData(5);
    // Drop the attack rows from training entirely: a detector that learns only from normals must
    // produce exactly the same model.
    const keep: number[] = [];
    data.trainLabels.forEach((l, i) => l === 0 && keep.push(i));
    const { takeRows } = await import('../../records/index.js');
    const normalOnly = {
      ...data,
      train: takeRows(data.train, keep),
      trainLabels: new Uint8Array(keep.length),
    };
    const a = factory.create({ ...small, epochs: 3 });
    const b = factory.create({ ...small, epochs: 3 });
    await a.train(data, { seed: 2 });
    await b.train(normalOnly, { seed: 2 });
    expect(Array.from(await a.score(data.validation))).toEqual(Array.from(await b.score(data.validation)));
    a.dispose();
    b.dispose();
  });

  it('sets the threshold so about 1-q of validation normals raise an alarm', async () => {
    const data = syntheticTrainingData(6);
    const d = factory.create({ ...small, threshold: { kind: 'normal-quantile', q: 0.9 } });
    await d.train(data, { seed: 3 });
    const s = await d.score(data.validation);
    let normals = 0;
    let alarms = 0;
    data.validationLabels.forEach((l, i) => {
      if (l === 0) {
        normals++;
        if (s[i]! >= d.threshold) alarms++;
      }
    });
    expect(alarms / normals).toBeGreaterThan(0.05);
    expect(alarms / normals).toBeLessThanOrEqual(0.1);
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

  it('fails clearly when the training split has no normal rows', async () => {
    const data = syntheticTrainingData(7);
    const d = factory.create(small);
    await expect(
      d.train({ ...data, trainLabels: data.trainLabels.map(() => 1) }, { seed: 1 }),
    ).rejects.toBeInstanceOf(NoNormalRowsError);
  });
});

describe('autoencoder without residual scaling (plain MSE)', () => {
  detectorConformance(() => import('./index.js').then((m) => m.factory), {
    config: { ...small, residualScaling: false },
    unsupervised: true,
    minAccuracy: 0.85,
  });
});
