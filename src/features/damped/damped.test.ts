import { describe, it, expect } from 'vitest';
import { DampedExtractor, dampedSchema } from './index.js';
import { FlowTable } from '../../flows/flow-table.js';
import { FeatureCollector } from '../collector.js';
import { packet } from '../../flows/testing/packets.js';

const col = (name: string): number => dampedSchema([1]).columns.indexOf(name);

function runOne(sizes: [number, number][], lambda: number): Record<string, number> {
  const collector = new FeatureCollector([new DampedExtractor({ lambdas: [lambda] })]);
  const table = new FlowTable(collector.accept, collector.extractors);
  for (const [t, size] of sizes) {
    table.add(packet({ ts: t * 1e6, src: '10.0.0.1', sport: 5000, dst: '10.0.0.2', dport: 53, proto: 'udp', wire: size }));
  }
  table.flush();
  const { batches } = collector.drain();
  const b = batches[0]!;
  return Object.fromEntries(dampedSchema([1]).columns.map((c, j) => [c.replace('_L1', ''), b.data[j]!]));
}

describe('damped (AfterImage) statistics', () => {
  it('has 13 columns per decay rate, named with λ', () => {
    expect(dampedSchema([5, 3, 1, 0.1, 0.01]).columns).toHaveLength(65);
    expect(col('chan_pcc_L1')).toBe(9);
  });

  it('two packets one second apart at λ = 1: the first weighs 1/2', () => {
    // w = 0.5 + 1 = 1.5; LS = 100*0.5 + 200 = 250; SS = 10000*0.5 + 40000 = 45000
    // mean = 166.67; var = 45000/1.5 - 166.67^2 = 30000 - 27777.8 = 2222.2; std = 47.14
    const r = runOne([[0, 100], [1, 200]], 1);
    expect(r.host_w).toBeCloseTo(1.5, 5);
    expect(r.host_mean).toBeCloseTo(166.667, 2);
    expect(r.host_std).toBeCloseTo(47.14, 2);
    expect(r.chan_w).toBeCloseTo(1.5, 5);
    // jitter: one inter-arrival of 1 s, weight 1
    expect([r.jit_w, r.jit_mean, r.jit_std]).toEqual([1, 1, 0]);
  });

  it('without decay (λ tiny) the statistics are the plain mean and population std', () => {
    const r = runOne([[0, 100], [1, 200], [2, 300]], 1e-9);
    expect(r.host_w).toBeCloseTo(3, 5);
    expect(r.host_mean).toBeCloseTo(200, 3);
    expect(r.host_std).toBeCloseTo(Math.sqrt(20000 / 3), 2);
  });
});
