import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { PairCounter } from './pair-counter.js';

describe('PairCounter', () => {
  it('counts like a Map of pairs through growth and deletions', () => {
    const op = fc.record({ id: fc.integer({ min: 0, max: 40 }), port: fc.integer({ min: 0, max: 65535 }).map((p) => p % 50), up: fc.boolean() });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 1500 }), (ops) => {
        const counter = new PairCounter();
        const model = new Map<string, number>();
        for (const o of ops) {
          const k = `${o.id}:${o.port}`;
          const have = model.get(k) ?? 0;
          // Only take away what is there, as the window does.
          if (!o.up && have === 0) continue;
          const want = have + (o.up ? 1 : -1);
          if (want === 0) model.delete(k);
          else model.set(k, want);
          expect(counter.bump(o.id, o.port, o.up ? 1 : -1)).toBe(want);
        }
        for (const [k, n] of model) {
          const [id, port] = k.split(':').map(Number) as [number, number];
          expect(counter.bump(id, port, 1)).toBe(n + 1);
        }
      }),
      { numRuns: 100, seed: 5 },
    );
  });
});
