import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { CicExtractor, CIC_COLUMNS } from './index.js';
import { FlowTable } from '../../flows/flow-table.js';
import { FeatureCollector } from '../collector.js';
import { packet, F } from '../../flows/testing/packets.js';
import type { Packet } from '../../records/packet.js';

function row(packets: Packet[]): Record<string, number> {
  const collector = new FeatureCollector([new CicExtractor()]);
  const table = new FlowTable(collector.accept, collector.extractors);
  for (const p of packets) table.add(p);
  table.flush();
  const { batches } = collector.drain();
  return Object.fromEntries(CIC_COLUMNS.map((c, j) => [c, batches[0]!.data[j]!]));
}

const fwd = (t: number, payload: number, flags: number = F.ACK): Packet =>
  packet({ ts: t * 1e6, src: '10.0.0.1', sport: 40000, dst: '10.0.0.2', dport: 80, flags, payload });
const bwd = (t: number, payload: number, flags: number = F.ACK): Packet =>
  packet({ ts: t * 1e6, src: '10.0.0.2', sport: 80, dst: '10.0.0.1', dport: 40000, flags, payload });

describe('cic flow statistics', () => {
  it('splits active and idle time at gaps over 5 s', () => {
    // active 0..1 s, idle 9 s, active 10..11 s
    const r = row([fwd(0, 10), fwd(1, 20), fwd(10, 30), fwd(11, 40)]);
    expect([r.active_mean, r.active_min, r.active_max, r.active_std]).toEqual([1e6, 1e6, 1e6, 0]);
    expect([r.idle_mean, r.idle_min, r.idle_max]).toEqual([9e6, 9e6, 9e6]);
    expect(r.flow_duration).toBe(11e6);
  });

  it('per-direction lengths (sample std), inter-arrivals and flags', () => {
    const r = row([fwd(0, 0, F.SYN), bwd(0.5, 0, F.SYN | F.ACK), fwd(1, 100), bwd(2, 300, F.PSH | F.ACK), fwd(4, 200)]);
    // fwd lengths 0, 100, 200: mean 100, sample std 100
    expect([r.tot_fwd_pkts, r.totlen_fwd_pkts, r.fwd_pkt_len_max, r.fwd_pkt_len_min, r.fwd_pkt_len_mean, r.fwd_pkt_len_std]).toEqual([3, 300, 200, 0, 100, 100]);
    // bwd lengths 0, 300
    expect([r.tot_bwd_pkts, r.bwd_pkt_len_mean, r.bwd_pkt_len_max]).toEqual([2, 150, 300]);
    // fwd arrivals 0, 1, 4 s: IATs 1 and 3 s
    expect([r.fwd_iat_tot, r.fwd_iat_mean, r.fwd_iat_min, r.fwd_iat_max]).toEqual([4e6, 2e6, 1e6, 3e6]);
    // flow IATs 0.5, 0.5, 1, 2 s
    expect([r.flow_iat_mean, r.flow_iat_min, r.flow_iat_max]).toEqual([1e6, 0.5e6, 2e6]);
    expect([r.syn_flag_cnt, r.ack_flag_cnt, r.psh_flag_cnt, r.bwd_psh_flags, r.fwd_psh_flags]).toEqual([2, 4, 1, 1, 0]);
    expect(r.flow_byts_s).toBeCloseTo(600 / 4, 3);
    expect(r.down_up_ratio).toBeCloseTo(2 / 3, 5);
    expect(r.fwd_act_data_pkts).toBe(2);
  });

  it('counts CWR in cwr_flag_count and ECE in ece_flag_cnt (the flags byte has them the other way round)', () => {
    const one = row([fwd(0, 0, F.SYN | F.CWR)]);
    expect([one.cwr_flag_count, one.ece_flag_cnt]).toEqual([1, 0]);
    const two = row([fwd(0, 0, F.SYN | F.CWR), bwd(1, 0, F.SYN | F.ACK | F.ECE), fwd(2, 0, F.ACK | F.ECE)]);
    expect([two.cwr_flag_count, two.ece_flag_cnt]).toEqual([1, 2]);
  });

  it('a one-packet flow has zeros, not NaN or Infinity', () => {
    const r = row([fwd(0, 10)]);
    for (const [k, v] of Object.entries(r)) expect(Number.isFinite(v), k).toBe(true);
    expect([r.bwd_pkt_len_min, r.flow_iat_min, r.flow_byts_s]).toEqual([0, 0, 0]);
  });
});

describe('cic deferred records', () => {
  /** All rows of a packet sequence through a table with the given extractor. */
  function rows(extractor: CicExtractor, packets: Packet[]): Float32Array {
    const collector = new FeatureCollector([extractor]);
    const table = new FlowTable(collector.accept, collector.extractors, { initialCapacity: 4, tcpClosedSeconds: 1 });
    for (const p of packets) table.add(p);
    table.flush();
    return collector.drain().batches[0]!.data;
  }

  const arbPacket = fc.record({
    gapMs: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 9000 })),
    host: fc.integer({ min: 1, max: 6 }),
    reply: fc.boolean(),
    udp: fc.boolean(),
    flags: fc.integer({ min: 0, max: 0x1ff }),
    payload: fc.integer({ min: 0, max: 1500 }),
    window: fc.option(fc.integer({ min: 0, max: 65535 }), { nil: undefined }),
  });

  it('one-packet flows without a record give the same rows as flows with a record from the start', () => {
    fc.assert(
      fc.property(fc.array(arbPacket, { minLength: 1, maxLength: 60 }), (specs) => {
        let t = 1_700_000_000_000_000;
        const packets = specs.map((s) => {
          t += s.gapMs * 1000;
          const client = `10.0.0.${s.host}`;
          const p = packet({
            ts: t, src: s.reply ? '10.0.9.9' : client, dst: s.reply ? client : '10.0.9.9',
            sport: s.reply ? 80 : 40000, dport: s.reply ? 40000 : 80, proto: s.udp ? 'udp' : 'tcp',
            flags: s.udp ? 0 : s.flags, payload: s.payload,
          });
          if (!s.udp) p.tcpWindow = s.window;
          return p;
        });
        const deferred = rows(new CicExtractor(), packets);
        const eager = rows(new CicExtractor({ deferRecord: false }), packets);
        expect(Array.from(deferred)).toEqual(Array.from(eager));
      }),
      { numRuns: 300 },
    );
  });

  it('a table of one-packet flows takes no records; a second packet takes one', () => {
    const cic = new CicExtractor();
    const table = new FlowTable(() => {}, [cic]);
    const syn = (i: number): Packet =>
      packet({ ts: 1e6 + i, src: '10.0.0.1', sport: 1024 + i, dst: '10.0.0.2', dport: 80, flags: F.SYN });
    for (let i = 0; i < 5000; i++) table.add(syn(i));
    expect(table.size).toBe(5000);
    expect(cic.recordCount).toBe(0);
    table.add(packet({ ts: 2e6, src: '10.0.0.2', sport: 80, dst: '10.0.0.1', dport: 1024, flags: F.SYN | F.ACK }));
    expect(cic.recordCount).toBeGreaterThan(0);
  });
});

describe('cic compact records', () => {
  it('flag and data-packet counts past the u8 and u16 counters stay exact', () => {
    const packets: Packet[] = [fwd(0, 0, F.SYN)];
    // 70,000 data packets each way with PSH and ACK (u16 counters wrap at 65,536), 300 of them also
    // with every rare flag (u8 counters wrap at 256).
    const all = F.FIN | F.SYN | F.RST | F.URG | F.ECE | F.CWR | F.PSH | F.ACK;
    for (let i = 1; i <= 70_000; i++) {
      const flags = i <= 300 ? all : F.PSH | F.ACK;
      packets.push(fwd(i * 1e-3, 10, flags), bwd(i * 1e-3 + 1e-4, 0, i <= 300 ? all : F.PSH | F.ACK));
    }
    const r = row(packets);
    expect([r.fwd_psh_flags, r.bwd_psh_flags, r.psh_flag_cnt, r.ack_flag_cnt]).toEqual([70_000, 70_000, 140_000, 140_000]);
    expect([r.fwd_urg_flags, r.bwd_urg_flags, r.urg_flag_cnt]).toEqual([300, 300, 600]);
    expect([r.fin_flag_cnt, r.syn_flag_cnt, r.rst_flag_cnt, r.cwr_flag_count, r.ece_flag_cnt]).toEqual([600, 601, 600, 600, 600]);
    expect(r.fwd_act_data_pkts).toBe(70_000);
  });

  it('lengths past 65535 are exact in totals and means, and 65535 in minima and maxima', () => {
    const r = row([fwd(0, 70_000), fwd(1, 100_000), bwd(2, 10)]);
    expect([r.totlen_fwd_pkts, r.fwd_pkt_len_mean]).toEqual([170_000, 85_000]);
    expect([r.fwd_pkt_len_max, r.fwd_pkt_len_min, r.pkt_len_max, r.pkt_len_min]).toEqual([65_535, 65_535, 65_535, 10]);
  });

  it('active and idle counts past 65535 stay exact, and their carries do not reach the next flow of the record', () => {
    const collector = new FeatureCollector([new CicExtractor({ activityTimeoutSeconds: 1e-5 })]);
    const table = new FlowTable(collector.accept, collector.extractors);
    const at = (us: number, sport: number): Packet => packet({ ts: 1e15 + us, src: '10.0.0.1', sport, dst: '10.0.0.2', dport: 80, flags: 0 });
    // 70,000 cycles of two packets 1 us apart, then a 20 us gap (the timeout is 10 us).
    for (let c = 0; c < 70_000; c++) {
      table.add(at(c * 21, 2000));
      table.add(at(c * 21 + 1, 2000));
    }
    table.flush();
    for (let c = 0; c < 2; c++) {
      table.add(at(5e6 + c * 21, 2001));
      table.add(at(5e6 + c * 21 + 1, 2001));
    }
    table.flush();
    const { batches } = collector.drain();
    const rows = [0, 1].map((f) => Object.fromEntries(CIC_COLUMNS.map((c, j) => [c, batches[0]!.data[f * CIC_COLUMNS.length + j]!])));
    // 70,000 active periods of 1 us and 69,999 idle ones of 20 us.
    expect([rows[0]!.active_mean, rows[0]!.active_std, rows[0]!.idle_mean, rows[0]!.idle_std]).toEqual([1, 0, 20, 0]);
    expect([rows[1]!.active_mean, rows[1]!.idle_mean, rows[1]!.idle_min]).toEqual([1, 20, 20]);
  });

  it('an active/idle record is taken only by flows with a gap past the activity timeout', () => {
    const cic = new CicExtractor();
    const table = new FlowTable(() => {}, [cic]);
    const at = (t: number, sport: number): Packet => packet({ ts: t * 1e6, src: '10.0.0.1', sport, dst: '10.0.0.2', dport: 80, flags: F.ACK });
    for (let i = 0; i < 100; i++) {
      table.add(at(0, 2000 + i));
      table.add(at(1, 2000 + i));
    }
    expect(cic.activityRecordCount).toBe(0);
    table.add(at(7, 2000));
    expect(cic.activityRecordCount).toBe(1);
  });
});

describe('cic float32 Welford statistics', () => {
  /** Sample std of values, two-pass in float64 (the exact reference: the values are integers). */
  function exactStd(v: number[]): number {
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
  }
  const relErr = (got: number, exact: number): number => Math.abs(got - exact) / exact;
  /** A deterministic jitter in -j..j microseconds. */
  const jitter = (i: number, j: number): number => (((i * 2654435761) >>> 0) % (2 * j + 1)) - j;
  const at = (us: number, fromOrig: boolean, payload = 0): Packet =>
    fromOrig
      ? packet({ ts: 1e15 + us, src: '10.0.0.1', sport: 40000, dst: '10.0.0.2', dport: 80, flags: F.ACK, payload })
      : packet({ ts: 1e15 + us, src: '10.0.0.2', sport: 80, dst: '10.0.0.1', dport: 40000, flags: F.ACK, payload });

  it('inter-arrival std of large values with a tiny variance (4 s +- 1 us, 800 packets)', () => {
    const packets: Packet[] = [];
    const fwdIat: number[] = [];
    const bwdIat: number[] = [];
    const flowIat: number[] = [];
    let t = 0;
    let lastBwd = -1;
    let last = 0;
    for (let i = 0; i < 800; i++) {
      if (i > 0) {
        const iat = 4_000_000 + jitter(i, 1);
        fwdIat.push(iat);
        t += iat;
      }
      packets.push(at(t, true));
      if (i > 0) flowIat.push(t - last);
      const reply = t + 1000 + jitter(i + 7, 1);
      packets.push(at(reply, false));
      flowIat.push(reply - t);
      if (lastBwd >= 0) bwdIat.push(reply - lastBwd);
      lastBwd = reply;
      last = reply;
    }
    const r = row(packets);
    expect(relErr(r.fwd_iat_std!, exactStd(fwdIat))).toBeLessThan(1e-5);
    expect(relErr(r.bwd_iat_std!, exactStd(bwdIat))).toBeLessThan(1e-5);
    expect(relErr(r.flow_iat_std!, exactStd(flowIat))).toBeLessThan(1e-5);
    expect(exactStd(fwdIat)).toBeLessThan(1); // the case is what it says
  });

  it('inter-arrival std over 100,000 packets each way', () => {
    const packets: Packet[] = [];
    const fwdIat: number[] = [];
    const flowIat: number[] = [];
    let t = 0;
    let last = 0;
    for (let i = 0; i < 100_000; i++) {
      if (i > 0) {
        const iat = 20_000 + jitter(i, 3) + (i % 2) * 5;
        fwdIat.push(iat);
        t += iat;
        flowIat.push(t - last);
      }
      packets.push(at(t, true, 100));
      const reply = t + 700;
      packets.push(at(reply, false, 1400));
      flowIat.push(reply - t);
      last = reply;
    }
    const r = row(packets);
    expect(relErr(r.fwd_iat_std!, exactStd(fwdIat))).toBeLessThan(1e-5);
    expect(relErr(r.flow_iat_std!, exactStd(flowIat))).toBeLessThan(1e-5);
  });

  it('active and idle std with 500 gaps (5.5 s +- 1 us idle, 0.5 s +- 1 us active)', () => {
    const packets: Packet[] = [];
    const active: number[] = [];
    const idle: number[] = [];
    let t = 0;
    for (let i = 0; i < 500; i++) {
      const a = 500_000 + jitter(i, 1);
      packets.push(at(t, true), at(t + a, false));
      active.push(a);
      const g = 5_500_000 + jitter(i + 3, 1);
      idle.push(g);
      t += a + g;
    }
    packets.push(at(t, true), at(t + 500_000, false));
    active.push(500_000);
    const r = row(packets);
    expect(r.active_mean).toBe(Math.fround(active.reduce((x, y) => x + y, 0) / active.length));
    expect(r.idle_max).toBe(Math.fround(Math.max(...idle)));
    expect(r.idle_min).toBe(Math.fround(Math.min(...idle)));
    expect(relErr(r.active_std!, exactStd(active))).toBeLessThan(1e-5);
    expect(relErr(r.idle_std!, exactStd(idle))).toBeLessThan(1e-5);
  });
});
