/**
 * cic: CICFlowMeter-style flow statistics (the features of CIC-IDS2017 / CSE-CIC-IDS2018), from the
 * packets of each flow. "fwd" is the originator's direction, "bwd" the responder's. As in
 * CICFlowMeter: packet length = transport payload bytes; times in microseconds; std is the sample
 * standard deviation; active/idle periods split at gaps longer than 5 s.
 *
 * Differences, on purpose or by necessity:
 * - rates (flow_byts_s, ...) of a zero-length flow are 0, not CICFlowMeter's Infinity/NaN;
 * - down_up_ratio is bwd/fwd packets as a real number (CICFlowMeter divides integers);
 * - *_header_len and fwd_seg_size_min use frame length minus payload, i.e. link + IP + transport
 *   headers (the Packet record carries no header length);
 * - CICFlowMeter's bulk and subflow columns are left out (its own implementation of them is
 *   known to be wrong, and they are rarely used).
 *
 * Memory: a flow that has had one packet (scans, floods, most of 1M concurrent flows) keeps only
 * that packet's few values in per-slot arrays (8 bytes a slot, which hold the record's number once
 * there is one). Its second packet takes a statistics record (record.ts, 92 bytes) from a pool; the
 * record returns to the pool when the flow is written or the slot reused. A flow with a gap past
 * the activity timeout also takes a 36-byte activity record.
 * Times are kept as offsets from the flow's start, which the flow table passes with each packet.
 * Nothing is allocated per packet. Precision: see record.ts (exact but for the std of inter-arrival
 * times and of active and idle periods, float32 Welford sums, and lengths past 65535 in the length
 * minima and maxima).
 */
import type { Flow } from '../../records/flow.js';
import type { FeatureSchema } from '../../records/feature-batch.js';
import type { Packet } from '../../records/packet.js';
import type { FlowFeatureExtractor } from '../extractor.js';
import { RecordPool, writeOnePacket as importedWriteOnePacket } from './record.js';

// Module-local alias: under tsx every use of an imported binding is a getter call.
const writeOnePacket = importedWriteOnePacket;

export const CIC_COLUMNS = [
  'flow_duration', 'tot_fwd_pkts', 'tot_bwd_pkts', 'totlen_fwd_pkts', 'totlen_bwd_pkts',
  'fwd_pkt_len_max', 'fwd_pkt_len_min', 'fwd_pkt_len_mean', 'fwd_pkt_len_std',
  'bwd_pkt_len_max', 'bwd_pkt_len_min', 'bwd_pkt_len_mean', 'bwd_pkt_len_std',
  'flow_byts_s', 'flow_pkts_s', 'flow_iat_mean', 'flow_iat_std', 'flow_iat_max', 'flow_iat_min',
  'fwd_iat_tot', 'fwd_iat_mean', 'fwd_iat_std', 'fwd_iat_max', 'fwd_iat_min',
  'bwd_iat_tot', 'bwd_iat_mean', 'bwd_iat_std', 'bwd_iat_max', 'bwd_iat_min',
  'fwd_psh_flags', 'bwd_psh_flags', 'fwd_urg_flags', 'bwd_urg_flags', 'fwd_header_len', 'bwd_header_len',
  'fwd_pkts_s', 'bwd_pkts_s', 'pkt_len_min', 'pkt_len_max', 'pkt_len_mean', 'pkt_len_std', 'pkt_len_var',
  'fin_flag_cnt', 'syn_flag_cnt', 'rst_flag_cnt', 'psh_flag_cnt', 'ack_flag_cnt', 'urg_flag_cnt',
  'cwr_flag_count', 'ece_flag_cnt', 'down_up_ratio', 'pkt_size_avg', 'fwd_seg_size_avg', 'bwd_seg_size_avg',
  'init_fwd_win_byts', 'init_bwd_win_byts', 'fwd_act_data_pkts', 'fwd_seg_size_min',
  'active_mean', 'active_std', 'active_max', 'active_min', 'idle_mean', 'idle_std', 'idle_max', 'idle_min',
] as const;

export const CIC_SCHEMA: FeatureSchema = { name: 'cic-flow', version: '1', columns: CIC_COLUMNS };

export interface CicOptions {
  /** A gap longer than this ends an active period and counts as idle time. @default 5 (CICFlowMeter's) */
  activityTimeoutSeconds: number;
  /**
   * Keep a flow's first packet in the per-slot arrays and take a record only at its second packet.
   * Off, every flow takes a record at its start (tests compare the two). @default true
   */
  deferRecord: boolean;
}

/**
 * slotB: the slot's state in bits 30 and 31 (neither is a slot without a packet). With one packet,
 * that packet's TCP flags (bits 0..8), what it was (9, 10) and its window (11..26); with a record,
 * the activity record's number + 1 (0: none) in bits 0..29.
 */
const FLAGS_MASK = 0x1ff;
const IS_TCP = 1 << 9;
const HAS_WIN = 1 << 10;
const WIN_SHIFT = 11;
const ONE_PACKET = 1 << 30;
const HAS_RECORD = 0x80000000;
const ACT_MASK = 0x3fffffff;

export class CicExtractor implements FlowFeatureExtractor {
  readonly schema = CIC_SCHEMA;
  private readonly deferRecord: boolean;
  private readonly pool: RecordPool;

  // Per slot, 8 bytes: slotA is the first packet's payload length (bits 0..15) and header length
  // (16..31) while the flow has one packet, then its record's number; slotB as above.
  private slotA = new Uint32Array(0);
  private slotB = new Uint32Array(0);

  constructor(options: Partial<CicOptions> = {}) {
    this.pool = new RecordPool((options.activityTimeoutSeconds ?? 5) * 1e6);
    this.deferRecord = options.deferRecord ?? true;
  }

  /** Statistics records allocated (in use or pooled); for memory reports. */
  get recordCount(): number {
    return this.pool.size;
  }

  /** Activity records allocated (in use or pooled). */
  get activityRecordCount(): number {
    return this.pool.activitySize;
  }

  resize(capacity: number): void {
    this.slotA = grown(this.slotA, new Uint32Array(capacity));
    this.slotB = grown(this.slotB, new Uint32Array(capacity));
  }

  onStart(slot: number): void {
    // A flow ended without being written (a table without a collector) still holds its record.
    const b = this.slotB[slot]!;
    if ((b & HAS_RECORD) !== 0) this.pool.release(this.slotA[slot]!, b & ACT_MASK);
    if (this.deferRecord) {
      this.slotB[slot] = 0;
    } else {
      this.slotA[slot] = this.pool.alloc();
      this.slotB[slot] = HAS_RECORD;
    }
  }

  onPacket(slot: number, pkt: Packet, fromOrig: boolean, flowStartMicros: number): void {
    const b = this.slotB[slot]!;
    const isTcp = pkt.proto === 'tcp';
    const win = pkt.tcpWindow;
    const len = pkt.payloadLength;
    const hdr = pkt.wireLength - len;
    if ((b & (ONE_PACKET | HAS_RECORD)) === 0 && fromOrig) {
      if (len <= 0xffff && hdr <= 0xffff && hdr >= 0) {
        this.slotA[slot] = len | (hdr << 16);
        this.slotB[slot] = pkt.tcpFlags | (isTcp ? IS_TCP : 0) | (win !== undefined ? HAS_WIN | (win << WIN_SHIFT) : 0) | ONE_PACKET;
      } else {
        // Too long for the u16 halves of slotA (offloaded super-frames): a record at once.
        this.slotA[slot] = this.pool.allocWithFirst(len, hdr, pkt.tcpFlags, win ?? -1, isTcp);
        this.slotB[slot] = HAS_RECORD;
      }
      return;
    }
    const hasRecord = (b & HAS_RECORD) !== 0;
    const r = hasRecord ? this.slotA[slot]! : this.promote(slot, b);
    const act = hasRecord ? b & ACT_MASK : 0;
    const ts = pkt.tsMicros;
    const t = ts > flowStartMicros ? ts - flowStartMicros : 0;
    const after = this.pool.add(r, act, t, len, hdr, pkt.tcpFlags, win ?? -1, fromOrig, isTcp);
    if (after !== act) this.slotB[slot] = HAS_RECORD | after;
  }

  onEnd(): void {}

  write(slot: number, flow: Flow, out: Float32Array, o: number): void {
    const b = this.slotB[slot]!;
    if ((b & HAS_RECORD) !== 0) {
      const r = this.slotA[slot]!;
      this.pool.write(r, b & ACT_MASK, flow, out, o);
      // Back to the pool now, while the record is in cache (onStart would touch it cold).
      this.pool.release(r, b & ACT_MASK);
      this.slotB[slot] = 0;
      return;
    }
    if ((b & ONE_PACKET) === 0) {
      out.fill(0, o, o + CIC_COLUMNS.length);
      return;
    }
    const a = this.slotA[slot]!;
    writeOnePacket(out, o, a & 0xffff, a >>> 16, b & FLAGS_MASK, (b & HAS_WIN) !== 0 ? (b >>> WIN_SHIFT) & 0xffff : -1, (b & IS_TCP) !== 0);
  }

  /** Give a slot with at most its first packet a record, that packet counted in it. */
  private promote(slot: number, b: number): number {
    let r: number;
    if ((b & ONE_PACKET) !== 0) {
      const a = this.slotA[slot]!;
      r = this.pool.allocWithFirst(a & 0xffff, a >>> 16, b & FLAGS_MASK, (b & HAS_WIN) !== 0 ? (b >>> WIN_SHIFT) & 0xffff : -1, (b & IS_TCP) !== 0);
    } else {
      r = this.pool.alloc();
    }
    this.slotA[slot] = r;
    this.slotB[slot] = HAS_RECORD;
    return r;
  }
}

function grown(from: Uint32Array, to: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  to.set(from);
  return to;
}
