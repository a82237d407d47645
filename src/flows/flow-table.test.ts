import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { FlowTable, TCP_STEP } from './flow-table.js';
import { stepTcp } from './tcp-state.js';
import type { Flow } from '../records/flow.js';
import { conversation, packet, F } from './testing/packets.js';

function run(packets: ReturnType<typeof packet>[], options = {}): { flows: Flow[]; table: FlowTable } {
  const flows: Flow[] = [];
  const table = new FlowTable((f) => flows.push(f), [], options);
  for (const p of packets) table.add(p);
  table.flush();
  return { flows, table };
}

const SYN = F.SYN;
const SA = F.SYN | F.ACK;
const A = F.ACK;
const PA = F.PSH | F.ACK;
const FA = F.FIN | F.ACK;
const R = F.RST;
const RA = F.RST | F.ACK;

describe('TCP state -> KDD flag', () => {
  const cases: [string, [ '>' | '<', number, number?][], string][] = [
    ['full handshake, data, FIN both ways', [['>', SYN], ['<', SA], ['>', A], ['>', PA, 10], ['<', PA, 20], ['>', FA], ['<', FA], ['>', A]], 'SF'],
    ['SYN, no reply', [['>', SYN], ['>', SYN]], 'S0'],
    ['SYN answered by RST', [['>', SYN], ['<', RA]], 'REJ'],
    ['SYN, SYN-ACK, originator RST (half-open scan)', [['>', SYN], ['<', SA], ['>', R]], 'RSTO'],
    ['SYN then RST from originator, no reply', [['>', SYN], ['>', R]], 'RSTOS0'],
    ['established, not closed', [['>', SYN], ['<', SA], ['>', A], ['>', PA, 5]], 'S1'],
    ['established, originator FIN only', [['>', SYN], ['<', SA], ['>', A], ['>', FA]], 'S2'],
    ['established, responder FIN only', [['>', SYN], ['<', SA], ['>', A], ['<', FA]], 'S3'],
    ['established, responder RST', [['>', SYN], ['<', SA], ['>', A], ['>', PA, 3], ['<', RA]], 'RSTR'],
    ['SYN then FIN, never answered', [['>', SYN], ['>', F.FIN]], 'SH'],
    ['mid-stream data only', [['>', PA, 100], ['<', A]], 'OTH'],
    ['mid-stream, originator RST', [['>', PA, 100], ['>', R]], 'OTH'],
    ['responder SYN-ACK then FIN, no SYN seen (Zeek SHR)', [['>', A], ['<', SA], ['<', FA]], 'OTH'],
    // Zeek would flip a connection whose first packet is a SYN-ACK; here orig is always the first sender.
    ['first packet a SYN-ACK, then FIN from the same side', [['>', SA], ['>', FA]], 'SH'],
  ];
  for (const [name, steps, flag] of cases) {
    it(`${name}: ${flag}`, () => {
      const { flows } = run(conversation(1e12, '10.0.0.1', 40000, '10.0.0.2', 80, steps));
      expect(flows).toHaveLength(1);
      expect(flows[0]!.flag).toBe(flag);
    });
  }

  it('counts both directions and names orig as the first sender', () => {
    const { flows } = run(conversation(1e12, '10.0.0.9', 40000, '10.0.0.2', 25, [['>', SYN], ['<', SA], ['>', A], ['>', PA, 10], ['<', PA, 20], ['<', PA, 30]]));
    const f = flows[0]!;
    expect([f.origIp, f.origPort, f.respIp, f.respPort]).toEqual(['10.0.0.9', 40000, '10.0.0.2', 25]);
    expect([f.origPackets, f.respPackets, f.origBytes, f.respBytes]).toEqual([3, 3, 10, 50]);
    expect(f.service).toBe('smtp');
    expect(f.endMicros - f.startMicros).toBe(5000);
  });
});

describe('timeouts and the cap', () => {
  it('a closed flow leaves after the close delay; the next SYN on the same ports starts a new flow', () => {
    const first = conversation(0, '10.0.0.1', 40000, '10.0.0.2', 80, [['>', SYN], ['<', SA], ['>', A], ['>', FA], ['<', FA], ['>', A]]);
    const second = conversation(10e6, '10.0.0.1', 40000, '10.0.0.2', 80, [['>', SYN], ['<', RA]]);
    const flows: Flow[] = [];
    const table = new FlowTable((f) => flows.push(f));
    for (const p of first) table.add(p);
    expect(flows).toHaveLength(0);
    for (const p of second) table.add(p);
    expect(flows.map((f) => [f.flag, f.endReason])).toEqual([['SF', 'fin']]);
    table.flush();
    expect(flows.map((f) => [f.flag, f.endReason])).toEqual([['SF', 'fin'], ['REJ', 'flush']]);
  });

  it('an idle UDP flow expires after otherIdleSeconds, not before', () => {
    const flows: Flow[] = [];
    const table = new FlowTable((f) => flows.push(f), [], { otherIdleSeconds: 60 });
    table.add(packet({ ts: 0, src: '10.0.0.1', sport: 5353, dst: '10.0.0.2', dport: 53, proto: 'udp', payload: 30 }));
    table.expire(59e6);
    expect(flows).toHaveLength(0);
    table.expire(61e6);
    expect(flows).toHaveLength(1);
    expect(flows[0]!.endReason).toBe('idle');
    expect(flows[0]!.service).toBe('domain_u');
    expect(flows[0]!.flag).toBe('SF');
  });

  it('a long flow is cut at the active timeout', () => {
    const pk = (t: number) => packet({ ts: t, src: '10.0.0.1', sport: 1000, dst: '10.0.0.2', dport: 2000, proto: 'udp' });
    const { flows } = run([pk(0), pk(5e6), pk(11e6), pk(12e6)], { activeTimeoutSeconds: 10 });
    expect(flows.map((f) => [f.origPackets, f.endReason])).toEqual([[2, 'active'], [2, 'flush']]);
  });

  it('evicts the stalest flow when full and counts it', () => {
    const pk = (t: number, port: number) => packet({ ts: t, src: '10.0.0.1', sport: port, dst: '10.0.0.2', dport: 53, proto: 'udp' });
    const flows: Flow[] = [];
    const table = new FlowTable((f) => flows.push(f), [], { maxFlows: 3 });
    table.add(pk(1, 1));
    table.add(pk(2, 2));
    table.add(pk(3, 3));
    table.add(pk(4, 1)); // port 1 is now the freshest
    table.add(pk(5, 4)); // table full: port 2 goes
    expect(table.stats.evictions).toBe(1);
    expect(flows.map((f) => [f.origPort, f.endReason])).toEqual([[2, 'evicted']]);
    expect(table.size).toBe(3);
  });

  it('grows past its initial capacity and reuses freed slots', () => {
    const flows: Flow[] = [];
    const table = new FlowTable((f) => flows.push(f), [], { otherIdleSeconds: 1 });
    for (let i = 0; i < 10000; i++) {
      table.add(packet({ ts: i, src: '10.0.0.1', sport: i % 60000, dst: '10.0.0.2', dport: 9999, proto: 'udp' }));
    }
    expect(table.size).toBe(10000);
    table.add(packet({ ts: 5e6, src: '10.0.0.3', sport: 1, dst: '10.0.0.2', dport: 9999, proto: 'udp' }));
    expect(flows).toHaveLength(10000);
    expect(table.size).toBe(1);
  });
});

describe('flow keys', () => {
  it('ping and its reply are one ICMP flow named by the request', () => {
    const { flows } = run([
      packet({ ts: 0, src: '10.0.0.1', dst: '10.0.0.2', proto: 'icmp', icmpType: 8, icmpCode: 0, payload: 56 }),
      packet({ ts: 100, src: '10.0.0.2', dst: '10.0.0.1', proto: 'icmp', icmpType: 0, icmpCode: 0, payload: 56 }),
    ]);
    expect(flows).toHaveLength(1);
    expect([flows[0]!.service, flows[0]!.origPackets, flows[0]!.respPackets]).toEqual(['eco_i', 1, 1]);
  });

  it('land: same address and port on both ends', () => {
    const { flows } = run([packet({ ts: 0, src: '10.0.0.5', sport: 139, dst: '10.0.0.5', dport: 139, flags: SYN })]);
    expect(flows[0]!.land).toBe(true);
  });

  it('packets without an IP layer are counted, not tracked', () => {
    const { flows, table } = run([{ ...packet({ ts: 0, src: 'x', dst: 'y' }), srcIp: undefined, dstIp: undefined }]);
    expect(flows).toHaveLength(0);
    expect(table.stats.nonIpPackets).toBe(1);
  });
});

describe('port reuse', () => {
  it('a SYN on the ports of a reset connection starts a new flow (as tshark and Zeek split it)', () => {
    const steps: ['>' | '<', number][] = [['>', SYN], ['<', RA], ['>', SYN], ['<', SA], ['>', A]];
    const { flows } = run(conversation(0, '10.0.0.1', 40000, '10.0.0.2', 80, steps));
    expect(flows.map((f) => [f.flag, f.origPackets + f.respPackets])).toEqual([['REJ', 2], ['S1', 3]]);
  });

  it('a SYN inside an open connection does not split it', () => {
    const steps: ['>' | '<', number][] = [['>', SYN], ['>', SYN], ['<', SA], ['>', A]];
    const { flows } = run(conversation(0, '10.0.0.1', 40000, '10.0.0.2', 80, steps));
    expect(flows).toHaveLength(1);
  });
});

describe('expiry shortcut', () => {
  it('emits the same flows, in the same order, as scanning the timeout lists at every packet (timestamps out of order too)', () => {
    const spec = fc.record({
      stepMs: fc.integer({ min: -3000, max: 20000 }),
      client: fc.integer({ min: 1, max: 4 }),
      sport: fc.integer({ min: 1000, max: 1003 }),
      reply: fc.boolean(),
      proto: fc.constantFrom('tcp' as const, 'udp' as const),
      flags: fc.constantFrom(SYN, SA, A, PA, FA, R, RA),
    });
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 80 }), (specs) => {
        let t = 1e12;
        const packets = specs.map((s) => {
          t += s.stepMs * 1000;
          const c = `10.0.0.${s.client}`;
          return packet({
            ts: t, src: s.reply ? '10.0.9.9' : c, dst: s.reply ? c : '10.0.9.9', sport: s.reply ? 80 : s.sport,
            dport: s.reply ? s.sport : 80, proto: s.proto, flags: s.proto === 'tcp' ? s.flags : 0,
          });
        });
        const options = { tcpClosedSeconds: 5, tcpAttemptSeconds: 12, otherIdleSeconds: 20, tcpIdleSeconds: 40 };
        const fast: Flow[] = [];
        const slow: Flow[] = [];
        const a = new FlowTable((f) => fast.push(f), [], options);
        const b = new FlowTable((f) => slow.push(f), [], options);
        for (const p of packets) {
          a.add(p);
          // Forget the shortcut's bound: b scans at every packet, as the table did before it.
          (b as unknown as { nextExpiry: number }).nextExpiry = -Infinity;
          b.add(p);
        }
        expect(fast.map((f) => [f.origIp, f.origPort, f.startMicros, f.endMicros, f.endReason, f.flag])).toEqual(
          slow.map((f) => [f.origIp, f.origPort, f.startMicros, f.endMicros, f.endReason, f.flag]),
        );
      }),
      { numRuns: 400, seed: 11 },
    );
  });
});

describe('compact counters', () => {
  it('byte counts past 2^32 stay exact (u32 per slot, the carry kept aside)', () => {
    const big = 1_500_000_000;
    const pkts = [0, 1, 2, 3].map((i) =>
      packet({ ts: 1e6 + i, src: '10.0.0.1', sport: 5000, dst: '10.0.0.2', dport: 80, proto: 'udp', payload: big }),
    );
    const { flows } = run([...pkts, packet({ ts: 2e6, src: '10.0.0.2', sport: 80, dst: '10.0.0.1', dport: 5000, proto: 'udp', payload: 7 })]);
    expect(flows).toHaveLength(1);
    expect(flows[0]!.origBytes).toBe(4 * big);
    expect(flows[0]!.origWireBytes).toBe(4 * (big + 54));
    expect([flows[0]!.respBytes, flows[0]!.origPackets, flows[0]!.respPackets]).toEqual([7, 4, 1]);
  });

  it('urgent counts past the u8 counter and fragment counts kept aside are exact and belong to their own flow only', () => {
    const urg = packet({ ts: 1e6, src: '10.0.0.1', sport: 5000, dst: '10.0.0.2', dport: 80, flags: F.URG | F.ACK });
    const frag = { ...packet({ ts: 1e6 + 1, src: '10.0.0.3', dst: '10.0.0.2', proto: 'udp' }), fragment: true };
    const plain = packet({ ts: 1e6 + 2, src: '10.0.0.1', sport: 5001, dst: '10.0.0.2', dport: 80, flags: F.SYN });
    const manyUrg = Array.from({ length: 300 }, (_, i) => ({ ...urg, tsMicros: 1e6 + 3 + i }));
    const { flows } = run([urg, urg, frag, plain, ...manyUrg]);
    const by = new Map(flows.map((f) => [`${f.origIp}:${f.origPort}`, f]));
    expect(by.get('10.0.0.1:5000')!.urgent).toBe(302);
    expect(by.get('10.0.0.3:0')!.fragments).toBe(1);
    expect(by.get('10.0.0.1:5001')!.urgent).toBe(0);
    expect(by.get('10.0.0.1:5001')!.fragments).toBe(0);
  });

  it('refuses an active timeout longer than u32 microseconds hold', () => {
    expect(() => new FlowTable(() => {}, [], { activeTimeoutSeconds: 5000 })).toThrow(RangeError);
    expect(() => new FlowTable(() => {}, [], { activeTimeoutSeconds: 4294 })).not.toThrow();
  });

  it('the end time is exact at the longest active period', () => {
    const t0 = 1_700_000_000_123_456;
    const { flows } = run([
      packet({ ts: t0, src: '10.0.0.1', dst: '10.0.0.2', proto: 'udp' }),
      packet({ ts: t0 + 3_599_999_999, src: '10.0.0.2', dst: '10.0.0.1', proto: 'udp' }),
    ], { otherIdleSeconds: 4000 });
    expect(flows[0]!.endMicros - flows[0]!.startMicros).toBe(3_599_999_999);
  });
});

describe('flow ids', () => {
  it('are the prefix and the flow counter, across the thousands', () => {
    const pkts = Array.from({ length: 2105 }, (_, i) =>
      packet({ ts: 1e6 + i, src: '10.0.0.1', sport: 1024 + i, dst: '10.0.0.2', dport: 53, proto: 'udp' }),
    );
    const { flows } = run(pkts, { idPrefix: 'T' });
    expect(flows.map((f) => f.id).sort()).toEqual(Array.from({ length: 2105 }, (_, i) => `T${i}`).sort());
  });
});

describe('tabulated TCP steps', () => {
  it('TCP_STEP gives stepTcp for every state pair, direction and flag combination', () => {
    for (let packed = 0; packed < 256; packed++) {
      for (let flags = 0; flags < 0x200; flags++) {
        for (const fromOrig of [true, false]) {
          const key = (packed << 5) | (fromOrig ? 16 : 0) | (flags & 7) | ((flags & 0x10) >> 1);
          expect(TCP_STEP[key]! & 0xff).toBe(stepTcp(packed, fromOrig, flags));
        }
      }
    }
  });
});

describe('last-flow shortcut', () => {
  it('a packet of the flow of the previous packet, after that flow expired, starts a new flow', () => {
    const udp = (ts: number, back = false): ReturnType<typeof packet> =>
      packet({ ts, src: back ? '10.0.0.2' : '10.0.0.1', sport: back ? 53 : 5000, dst: back ? '10.0.0.1' : '10.0.0.2', dport: back ? 5000 : 53, proto: 'udp' });
    const { flows } = run([udp(1e6), udp(2e6, true), udp(70e6, true), udp(71e6)]);
    expect(flows.map((f) => [f.origIp, f.origPackets, f.respPackets])).toEqual([
      ['10.0.0.1', 1, 1],
      ['10.0.0.2', 1, 1],
    ]);
  });
});
