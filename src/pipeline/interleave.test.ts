import { describe, expect, it } from 'vitest';
import type { LogEvent, Packet } from '../records/index.js';
import { interleave } from './interleave.js';

const pkt = (ts: number): Packet => ({ tsMicros: ts, ifIndex: 0, wireLength: 60, capturedLength: 60, proto: 'tcp', ipProto: 6, srcPort: 1, dstPort: 2, tcpFlags: 0, payloadLength: 0 });
const ev = (ts: number): LogEvent => ({ source: 'auth', tsMicros: ts, host: 'h', outcome: 'auth-failure', raw: '' });

describe('interleave', () => {
  it('merges agents and logs in time order, logs first on ties, batches bounded', () => {
    const items = interleave(
      [
        { agent: 'a', packets: [pkt(1), pkt(2), pkt(5), pkt(6)], logEvents: [ev(5)] },
        { agent: 'b', packets: [pkt(3), pkt(4)], logEvents: [] },
      ],
      10,
    );
    const flat = items.map((i) => (i.kind === 'logs' ? `${i.agent}:log${i.events.map((e) => e.tsMicros).join(',')}` : `${i.agent}:${i.packets.map((p) => p.tsMicros).join(',')}`));
    expect(flat).toEqual(['a:1,2', 'b:3,4', 'a:log5', 'a:5,6']);
    const small = interleave([{ agent: 'a', packets: [pkt(1), pkt(2), pkt(3)], logEvents: [] }], 2);
    expect(small.map((i) => (i.kind === 'packets' ? i.packets.length : 0))).toEqual([2, 1]);
  });

  it('keeps every item exactly once', () => {
    const items = interleave([
      { agent: 'a', packets: [pkt(1), pkt(1), pkt(2)], logEvents: [ev(2), ev(0)] },
      { agent: 'b', packets: [pkt(1), pkt(2)], logEvents: [ev(1)] },
    ]);
    const packets = items.flatMap((i) => (i.kind === 'packets' ? i.packets : []));
    const events = items.flatMap((i) => (i.kind === 'logs' ? i.events : []));
    expect(packets).toHaveLength(5);
    expect(events).toHaveLength(3);
    const times = items.map((i) => (i.kind === 'packets' ? i.packets[0]!.tsMicros : i.events[0]!.tsMicros));
    expect([...times].sort((x, y) => x - y)).toEqual(times);
  });
});
