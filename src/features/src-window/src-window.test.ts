import { describe, expect, it } from 'vitest';
import type { Flow, KddFlag } from '../../records/flow.js';
import { SRC_WINDOW_COLUMNS, SrcWindowExtractor } from './index.js';

let seq = 0;
function flow(src: string, endSeconds: number, flag: KddFlag, respBytes: number, port = 80): Flow {
  const t = endSeconds * 1e6;
  return {
    id: `f${seq++}`, proto: 'tcp', origIp: src, origPort: 40000 + seq, respIp: '10.0.0.1', respPort: port,
    startMicros: t - 1000, endMicros: t, origPackets: 3, respPackets: 3, origBytes: 80, respBytes,
    origWireBytes: 300, respWireBytes: 300 + respBytes, flag, service: 'http', endReason: 'fin',
    fragments: 0, wrongFragments: 0, urgent: 0, land: false,
  };
}

function rowOf(x: SrcWindowExtractor, f: Flow): Record<string, number> {
  const out = new Float32Array(SRC_WINDOW_COLUMNS.length);
  x.write(0, f, out, 0);
  return Object.fromEntries(SRC_WINDOW_COLUMNS.map((c, i) => [c, out[i]!]));
}

describe('src-window: per-source windows', () => {
  it('a client reset once among answered loads keeps a mostly answered history', () => {
    const x = new SrcWindowExtractor();
    for (let i = 0; i < 9; i++) rowOf(x, flow('10.0.0.101', i * 0.3, 'SF', 500));
    const r = rowOf(x, flow('10.0.0.101', 2.7, 'RSTR', 0));
    // time window: ends within 2 s of 2.7 s -> 0.9 .. 2.7 = 7 flows, one of them the reset
    expect(r.src_count).toBe(7);
    expect(r.src_rerror_rate).toBeCloseTo(1 / 7, 6);
    expect(r.src_answered_rate).toBeCloseTo(6 / 7, 6);
    expect(r.src_hist_count).toBe(10);
    expect(r.src_hist_answered_rate).toBeCloseTo(0.9, 6);
    expect(r.src_hist_rerror_rate).toBeCloseTo(0.1, 6);
  });

  it("keys on the source: another address's flood does not change a client's row", () => {
    const x = new SrcWindowExtractor();
    for (let i = 0; i < 500; i++) rowOf(x, flow('10.0.0.66', 1 + i / 1000, 'S0', 0));
    const r = rowOf(x, flow('10.0.0.101', 1.6, 'SF', 500));
    expect([r.src_count, r.src_serror_rate, r.src_answered_rate, r.src_hist_count]).toEqual([1, 0, 1, 1]);
    const a = rowOf(x, flow('10.0.0.66', 1.7, 'S0', 0));
    expect(a.src_count).toBe(501);
    expect(a.src_serror_rate).toBe(1);
    expect(a.src_hist_count).toBe(100);
  });

  it('counts only the share to the same responder port', () => {
    const x = new SrcWindowExtractor();
    rowOf(x, flow('10.0.0.66', 0.1, 'REJ', 0, 22));
    rowOf(x, flow('10.0.0.66', 0.2, 'REJ', 0, 23));
    const r = rowOf(x, flow('10.0.0.66', 0.3, 'REJ', 0, 22));
    expect(r.src_same_port_rate).toBeCloseTo(2 / 3, 6);
    expect(r.src_rerror_rate).toBe(1);
  });

  it('a flow that left the table long after it ended still counts itself', () => {
    const x = new SrcWindowExtractor();
    rowOf(x, flow('10.0.0.5', 100, 'SF', 10));
    const late = rowOf(x, flow('10.0.0.6', 50, 'SF', 0));
    expect(late.src_count).toBe(1);
    expect(late.src_answered_rate).toBe(0);
  });

  it('forgets silent sources', () => {
    const x = new SrcWindowExtractor({ forgetSeconds: 10 });
    for (let i = 0; i < 5000; i++) rowOf(x, flow(`10.1.${i >> 8}.${i & 255}`, i * 0.01, 'SF', 1));
    // the sweep runs every 4096 flows; sources silent for more than 10 s at that moment are gone
    expect(x.sourceCount).toBeLessThan(5000);
    expect(x.sourceCount).toBeGreaterThan(903);
  });
});
