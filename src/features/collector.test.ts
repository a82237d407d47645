import { describe, it, expect } from 'vitest';
import { FlowTable } from '../flows/flow-table.js';
import { packet, F } from '../flows/testing/packets.js';
import { FeatureCollector } from './collector.js';
import { createExtractors } from './registry.js';

/** 700 short connections from many ports; rows drained every `every` flows (0: once at the end). */
function drainedEvery(every: number): { flows: number; data: number[][] } {
  const collector = new FeatureCollector(createExtractors(['kdd41', 'cic']));
  const batches: Float32Array[][] = [];
  let flows = 0;
  const table = new FlowTable((flow, slot) => {
    collector.accept(flow, slot);
    if (every > 0 && collector.pending >= every) {
      const rows = collector.drain();
      flows += rows.flows.length;
      batches.push(rows.batches.map((b) => b.data));
    }
  }, collector.extractors, { tcpClosedSeconds: 0.001 });
  for (let i = 0; i < 700; i++) {
    const t = i * 1000;
    const c = { src: `10.0.${i % 7}.1`, sport: 2000 + i, dst: '10.9.9.9', dport: i % 3 === 0 ? 22 : 80 };
    table.add(packet({ ts: t, ...c, flags: F.SYN }));
    if (i % 2 === 0) table.add(packet({ ts: t + 10, src: c.dst, sport: c.dport, dst: c.src, dport: c.sport, flags: F.RST | F.ACK }));
  }
  table.flush();
  const last = collector.drain();
  flows += last.flows.length;
  batches.push(last.batches.map((b) => b.data));
  return { flows, data: [0, 1].map((e) => batches.flatMap((b) => Array.from(b[e]!))) };
}

describe('FeatureCollector', () => {
  it('gives the same rows whether batches are handed over whole (drained exactly full) or copied', () => {
    const whole = drainedEvery(256); // the buffers start at 256 rows: every drain hands one over
    const copied = drainedEvery(100);
    const once = drainedEvery(0);
    expect(whole.flows).toBe(700);
    expect(whole.data).toEqual(once.data);
    expect(copied.data).toEqual(once.data);
  });
});
