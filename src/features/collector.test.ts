import { describe, it, expect } from 'vitest';
import { FlowTable } from '../flows/flow-table.js';
import { packet, F } from '../flows/testing/packets.js';
import { FeatureCollector } from './collector.js';
import { createExtractors } from './registry.js';

/**
 * 700 short connections from many ports; rows drained every `every` flows (0: once at the end),
 * and with `recycle` given back to the collector once copied out.
 */
function drainedEvery(every: number, recycle = false): { flows: number; data: number[][] } {
  const collector = new FeatureCollector(createExtractors(['kdd41', 'cic']));
  const batches: Float32Array[][] = [];
  let flows = 0;
  const table = new FlowTable((flow, slot) => {
    collector.accept(flow, slot);
    if (every > 0 && collector.pending >= every) {
      const rows = collector.drain();
      flows += rows.flows.length;
      if (recycle) {
        batches.push(rows.batches.map((b) => b.data.slice()));
        collector.recycle(rows);
      } else batches.push(rows.batches.map((b) => b.data));
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

  it('gives the same rows when the caller recycles what it drained (buffers filled again)', () => {
    const once = drainedEvery(0);
    for (const every of [256, 100, 1]) {
      const recycled = drainedEvery(every, true);
      expect(recycled.flows).toBe(700);
      expect(recycled.data).toEqual(once.data);
    }
  });

  it('settles on three buffers when every drain is recycled, and ignores foreign or repeated ones', () => {
    const collector = new FeatureCollector(createExtractors(['kdd41']));
    const table = new FlowTable(collector.accept, collector.extractors, { tcpClosedSeconds: 0.001 });
    let ts = 0;
    const flows = (n: number): void => {
      for (let i = 0; i < n; i++, ts += 1000) {
        const port = 3000 + (ts / 1000) % 60000;
        table.add(packet({ ts, src: '10.0.0.1', sport: port, dst: '10.9.9.9', dport: 80, flags: F.SYN }));
        table.add(packet({ ts: ts + 10, src: '10.9.9.9', sport: 80, dst: '10.0.0.1', dport: port, flags: F.RST | F.ACK }));
      }
    };
    const seen = new Set<ArrayBufferLike>();
    for (let round = 0; round < 12; round++) {
      // Two batches held at once must never share a buffer.
      flows(5 + round * 7);
      const a = collector.drain();
      flows(3);
      const b = collector.drain();
      expect(a.batches[0]!.data.buffer).not.toBe(b.batches[0]!.data.buffer);
      if (round >= 4) for (const r of [a, b]) seen.add(r.batches[0]!.data.buffer);
      for (const r of [a, b]) {
        collector.recycle(r);
        collector.recycle(r); // twice: kept once
        collector.recycle({ flows: [], batches: [{ ...r.batches[0]!, data: new Float32Array(7) }] }); // not its size
      }
    }
    // The one being filled and the two given back.
    expect(seen.size).toBe(3);
    // Empty drains (never given back) take no buffer: the rows still land in one of the three.
    for (let k = 0; k < 5; k++) expect(collector.drain().batches[0]!.rows).toBe(0);
    flows(4);
    expect(seen.has(collector.drain().batches[0]!.data.buffer)).toBe(true);
  });
});
