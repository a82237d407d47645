/** ConnectionWindow's running counts against a plain recount of the connections in the window. */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ConnectionWindow } from './windows.js';

interface Conn {
  host: string;
  service: number;
  srcPort: number;
  serror: boolean;
  rerror: boolean;
}

/**
 * Random adds and drops (of up to `maxDrop` oldest at a time), each add checked against a recount;
 * `hosts` and `ports` bound the variety.
 */
function checkAgainstRecount(hosts: number, ports: number, maxDrop: number, minOps: number, maxOps: number, runs: number): void {
  const op = fc.oneof(
    { weight: 3, arbitrary: fc.record({ host: fc.integer({ min: 0, max: hosts - 1 }), service: fc.integer({ min: 0, max: 3 }), srcPort: fc.integer({ min: 0, max: ports - 1 }), serror: fc.boolean(), rerror: fc.boolean() }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: maxDrop }) },
  );
  fc.assert(
    fc.property(fc.array(op, { minLength: minOps, maxLength: maxOps }), (ops) => {
      const w = new ConnectionWindow(4, true);
      const model: Conn[] = [];
      let t = 0;
      for (const o of ops) {
        if (typeof o === 'number') {
          for (let i = 0; i < o; i++) {
            w.dropOldest();
            model.shift();
          }
          expect(w.size).toBe(model.length);
          continue;
        }
        const c = { ...o, host: `10.0.0.${o.host}` };
        w.add(t++, c.host, c.service, c.srcPort, c.serror, c.rerror);
        model.push(c);
        const sameHost = model.filter((m) => m.host === c.host);
        const sameService = model.filter((m) => m.service === c.service);
        expect([w.host.n, w.host.serror, w.host.rerror]).toEqual([
          sameHost.length, sameHost.filter((m) => m.serror).length, sameHost.filter((m) => m.rerror).length,
        ]);
        expect([w.service.n, w.service.serror, w.service.rerror]).toEqual([
          sameService.length, sameService.filter((m) => m.serror).length, sameService.filter((m) => m.rerror).length,
        ]);
        expect(w.hostService).toBe(sameHost.filter((m) => m.service === c.service).length);
        expect(w.hostSrcPort).toBe(sameHost.filter((m) => m.srcPort === c.srcPort).length);
        expect(w.oldestStart()).toBe(t - model.length);
      }
    }),
    { numRuns: runs, seed: 3 },
  );
}

describe('ConnectionWindow', () => {
  it('keeps the same counts as recounting the window, through growth and host turnover', () => {
    checkAgainstRecount(7, 5, 40, 0, 400, 200);
  });

  it('the same with many hosts and source ports in a window that fills up (host ids grown, pair table recounted)', () => {
    checkAgainstRecount(60, 300, 2, 400, 800, 20);
  });
});
