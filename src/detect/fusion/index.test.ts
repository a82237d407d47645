import { describe, expect, it } from 'vitest';
import { detectorConformance } from '../detector.case.js';
import { fitScale, maxMarginInto } from './margin.js';

// Small, fast members: the contract is what is under test here, not accuracy on real data.
detectorConformance(() => import('./index.js').then((m) => m.factory), {
  config: {
    members: [
      { kind: 'rules', config: { templates: [{ name: 'f0', category: 'dos', column: 'f0', direction: 'high' }], minPrecision: 0.9, minSupport: 0.01 } },
      { kind: 'gbdt', config: { rounds: 20 } },
    ],
  },
});

describe('margin scale', () => {
  it('a margin is >= 0 exactly when the member says attack', () => {
    const val = new Float32Array([0, 1, 2, 3]);
    const scale = fitScale(2, val);
    const out = new Float32Array(3).fill(-Infinity);
    maxMarginInto(out, new Float32Array([1.9, 2, 5]), scale);
    expect(out[0]).toBeLessThan(0);
    expect(out[1]).toBe(0);
    expect(out[2]).toBeGreaterThan(0);
  });

  it('takes the max over members (OR of verdicts)', () => {
    const out = new Float32Array(2).fill(-Infinity);
    maxMarginInto(out, new Float32Array([0, 10]), { threshold: 5, spread: 1 });
    maxMarginInto(out, new Float32Array([10, 0]), { threshold: 5, spread: 1 });
    expect(Array.from(out)).toEqual([5, 5]);
  });

  it('rejects an empty member list and nested fusions', async () => {
    const { factory } = await import('./index.js');
    expect(() => factory.create({ members: [] })).toThrow(/at least one/);
    expect(() => factory.create({ members: [{ kind: 'fusion' }] })).toThrow(/cannot itself/);
  });
});

describe('borrowing pretrained members', () => {
  it('uses a pretrained default-config member instead of training it, and leaves it alive', async () => {
    const { syntheticTrainingData } = await import('../detector.case.js');
    const { loadDetectorFactory } = await import('../catalog.js');
    const { factory } = await import('./index.js');
    const data = syntheticTrainingData(3);
    const gbdt = (await loadDetectorFactory('gbdt')).create({ rounds: 10 });
    await gbdt.train(data, { seed: 1 });
    const before = await gbdt.score(data.validation);

    const stages: string[] = [];
    const fusion = factory.create({ members: [{ kind: 'gbdt' }] });
    await fusion.train(data, { seed: 1, pretrained: new Map([['gbdt', gbdt]]), onProgress: (p) => stages.push(`${p.detector}:${p.stage}`) });
    // Only the fusion's own member event: the borrowed gbdt did not train again.
    expect(stages).toEqual(['fusion:member']);
    fusion.dispose();
    expect(Array.from(await gbdt.score(data.validation))).toEqual(Array.from(before));
    gbdt.dispose();
  });
});
