import { describe, expect, it } from 'vitest';
import { detectorConformance, syntheticTrainingData } from '../detector.case.js';
import { fitRule } from './fit.js';
import type { RuleTemplate } from './rules.js';

const templates: RuleTemplate[] = [
  { name: 'f0-high', category: 'dos', column: 'f0', direction: 'high' },
  { name: 'f1-low', category: 'probe', column: 'f1', direction: 'low' },
  { name: 'f2-high', category: 'dos', column: 'f2', direction: 'high' },
];

detectorConformance(() => import('./index.js').then((m) => m.factory), {
  config: { templates, minPrecision: 0.9, minSupport: 0.01 },
  minAccuracy: 0.85,
});

describe('fitRule', () => {
  it('picks the loosest cut that keeps the precision bar', () => {
    const values = new Float32Array([9, 8, 7, 6, 5, 4, 3, 2]);
    const labels = new Uint8Array([1, 1, 1, 0, 1, 0, 0, 0]);
    const rule = fitRule({ name: 'x', category: 'dos', column: 'x', direction: 'high' }, values, labels, {
      minPrecision: 0.75,
      minSupport: 0,
    });
    // >= 5 fires on 5 rows with 4 attacks (0.8); >= 4 would be 4/6 (0.67) and fall under the bar.
    expect(rule?.threshold).toBe(5);
    expect(rule?.precision).toBeCloseTo(0.8);
    expect(rule?.support).toBe(1);
  });

  it('drops a rule that never reaches the precision bar', () => {
    const values = new Float32Array([1, 2, 3, 4]);
    const labels = new Uint8Array([1, 0, 1, 0]);
    expect(fitRule({ name: 'x', category: 'dos', column: 'x', direction: 'high' }, values, labels, { minPrecision: 0.9, minSupport: 0 })).toBeUndefined();
  });

  it('refuses a schema with none of its columns', async () => {
    const { factory } = await import('./index.js');
    const d = factory.create();
    await expect(d.train(syntheticTrainingData(), { seed: 1 })).rejects.toThrow(/none of the rule columns/);
  });
});
