import { describe, expect, it } from 'vitest';
import { syntheticTrainingData } from '../detector.case.js';
import { factory as ensembleFactory } from '../ensemble/index.js';
import { factory as svmFactory } from '../svm/index.js';
import { DetectorConfigError, mergeOptions, thresholdRuleOf } from './detector-support.js';
import { factory as gbdtFactory } from './index.js';

describe('detector configs', () => {
  it('refuses unknown keys and wrong types, naming the option', () => {
    expect(() => mergeOptions('x', { rounds: 10 }, { round: 5 })).toThrow(/unknown option 'round'/);
    expect(() => mergeOptions('x', { rounds: 10 }, { rounds: '5' })).toThrow(/'rounds' must be a number/);
    expect(() => mergeOptions('x', { rounds: 10 }, { rounds: NaN })).toThrow(DetectorConfigError);
    expect(mergeOptions('x', { rounds: 10, fast: true }, { rounds: 5 })).toEqual({ rounds: 5, fast: true });
  });

  it('every hand-written detector checks its config when created', () => {
    expect(() => gbdtFactory.create({ trees: 3 })).toThrow(DetectorConfigError);
    expect(() => svmFactory.create({ epochs: 0 })).toThrow(DetectorConfigError);
    expect(() => ensembleFactory.create({ member: 'mlp' })).toThrow(/member must be one of/);
  });

  it('reads the threshold rule, default max-accuracy', () => {
    expect(thresholdRuleOf('x')).toEqual({ kind: 'max-accuracy' });
    expect(thresholdRuleOf('x', { threshold: { kind: 'fpr', fpr: 0.01 } })).toEqual({
      kind: 'fpr',
      fpr: 0.01,
    });
    expect(() => thresholdRuleOf('x', { threshold: { kind: 'fpr' } })).toThrow(DetectorConfigError);
  });

  it('an fpr threshold rule holds its false-positive rate on the validation split', async () => {
    const data = syntheticTrainingData(3);
    const d = gbdtFactory.create({ rounds: 10, threshold: { kind: 'fpr', fpr: 0.01 } });
    await d.train(data, { seed: 1 });
    const scores = await d.score(data.validation);
    let fp = 0;
    let normals = 0;
    scores.forEach((s, i) => {
      if (data.validationLabels[i] === 0) {
        normals++;
        if (s >= d.threshold) fp++;
      }
    });
    expect(fp / normals).toBeLessThanOrEqual(0.01);
    expect(d.toArtifact().thresholdRule).toMatch(/FPR<=0.01/);
  });

  it('refuses an artefact whose model state is damaged, for each hand-written detector', async () => {
    const data = syntheticTrainingData(3);
    for (const [f, config] of [
      [gbdtFactory, { rounds: 2 }],
      [svmFactory, { epochs: 1 }],
      [ensembleFactory, { voters: 2, maxLeaves: 4 }],
    ] as const) {
      const d = f.create(config);
      await d.train(data, { seed: 1 });
      await expect(f.fromArtifact({ ...d.toArtifact(), state: { nonsense: true } })).rejects.toThrow(
        /state is missing or damaged/,
      );
    }
  });

  it('refuses training data whose labels do not match its rows', async () => {
    const data = syntheticTrainingData(3);
    const d = gbdtFactory.create({ rounds: 2 });
    await expect(
      d.train({ ...data, trainLabels: data.trainLabels.subarray(1) }, { seed: 1 }),
    ).rejects.toThrow(/labels/);
  });
});
