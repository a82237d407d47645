import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { PairCounter } from './pair-counter.js';

describe('PairCounter', () => {
  it('counts like a Map of pairs through growth, deletions and resets, slots staying put in between', () => {
    const op = fc.record({ id: fc.integer({ min: 0, max: 40 }), port: fc.integer({ min: 0, max: 65535 }).map((p) => p % 50), up: fc.boolean() });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 1500 }), (ops) => {
        const counter = new PairCounter();
        const model = new Map<string, number>();
        // The slot of every counted item, as the window keeps them: one entry per add not yet removed.
        const held = new Map<string, number[]>();
        for (const o of ops) {
          const k = `${o.id}:${o.port}`;
          const have = model.get(k) ?? 0;
          // Only take away what is there, as the window does.
          if (!o.up && have === 0) continue;
          const want = have + (o.up ? 1 : -1);
          if (want === 0) model.delete(k);
          else model.set(k, want);
          if (o.up) {
            if (counter.crowded) {
              // What the window does: start afresh and add what it still holds.
              counter.reset([...model.values()].reduce((a, b) => a + b, 0));
              for (const [key, slots] of held) {
                const [id, port] = key.split(':').map(Number) as [number, number];
                for (let s = 0; s < slots.length; s++) slots[s] = counter.add(id, port);
              }
            }
            const slot = counter.add(o.id, o.port);
            held.set(k, [...(held.get(k) ?? []), slot]);
            expect(counter.count(slot)).toBe(want);
          } else {
            const slots = held.get(k)!;
            const slot = slots.pop()!;
            if (slots.length === 0) held.delete(k);
            counter.remove(slot);
            expect(counter.count(slot)).toBe(want);
          }
        }
        for (const [k, slots] of held) {
          expect(slots.map((s) => counter.count(s))).toEqual(slots.map(() => model.get(k)));
        }
      }),
      { numRuns: 100, seed: 5 },
    );
  });

  it('keeps counting right without resets (the table grows; slots handed out before are then stale)', () => {
    const counter = new PairCounter();
    const model = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      counter.add(i % 700, i % 13);
      model.set(`${i % 700}:${i % 13}`, (model.get(`${i % 700}:${i % 13}`) ?? 0) + 1);
    }
    for (const [k, n] of model) {
      const [id, port] = k.split(':').map(Number) as [number, number];
      expect(counter.count(counter.add(id, port))).toBe(n + 1);
    }
  });
});
