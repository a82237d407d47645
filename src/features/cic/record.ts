/**
 * The statistics records of the cic extractor's multi-packet flows, in a pool (RecordPool) of
 * 92-byte records, allocated in chunks of 16384 (no copy, no doubled peak, as the pool grows).
 * Only flows that get a second packet take one (see index.ts); what the flow table already counts
 * per direction (packets, payload and frame bytes, start time) is read from the Flow at the end,
 * not kept twice. The active/idle statistics, which only a flow with a gap longer than the
 * activity timeout needs, sit in a second pool of 36-byte records taken at the first such gap.
 *
 * Layout and precision (exact unless said; the row is Float32 anyway):
 * - times are u32 microseconds after the flow's start (the flow table ends a flow at its active
 *   timeout, at most 4294 s); a packet time-stamped before its flow's first packet counts at 0;
 * - sums of squared payload lengths are u32 with carries (exact), so the length std is computed
 *   from exact sums as before;
 * - the std of inter-arrival times (fwd, bwd, flow) and of active and idle periods is NOT exact:
 *   Welford's M2 (sum of squared deviations from the running mean) in float32. The running means
 *   themselves are exact (a direction's inter-arrival times sum to its last time minus its first;
 *   the counts are kept), so only M2's float32 additions round; each float32 M2 adds at most 4096
 *   terms before it is flushed into a float64 sum in the carry map (long flows only). cic.test.ts
 *   bounds the relative error against a two-pass float64 computation at 1e-5 on adversarial inputs
 *   (4 s +- 1 us inter-arrival times, where the previous float64 sum of squares was 16% off;
 *   200,000 inter-arrival times; 500 active/idle cycles); on 36 real captures (49,135 flows) the
 *   std columns moved by at most 1.8e-7 relative from that float64 sum-of-squares form. With
 *   timestamps out of order, the flow's running mean uses its latest time as the sum, as the
 *   flow_iat_mean column does;
 * - inter-arrival minima and maxima are float32: rounding is monotonic, so the row gets the same
 *   value as from a float64 minimum; active/idle sums and extremes are u32 (exact), idle_max is the
 *   flow's largest inter-arrival time (every idle period is a gap longer than the timeout, every
 *   other inter-arrival time is not);
 * - payload lengths and header lengths for the minima and maxima are u16: a length past 65535
 *   (only in captures of offloaded super-frames) counts as 65535 there, a negative header length
 *   (a broken capture's frame shorter than its payload) as 0; totals and means are exact;
 * - flag counters are u16 (PSH, ACK, data packets) or u8 (the rare flags), packet counts 24 bits,
 *   period counts u16, and a counter that wraps adds to a carry kept in a map, so counts stay exact.
 */
import type { Flow } from '../../records/flow.js';

/** Bytes per record and records per chunk (a power of two). */
const RECORD_BYTES = 92;
const CHUNK_BITS = 14;
const CHUNK_RECORDS = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_RECORDS - 1;

// Field indexes within a record, in units of each view's element; each bwd field right after its fwd twin.
// u32 (base i * 23): times as offsets from the flow's start; the low 32 bits of the sums of squared
// payload lengths (the carries in the map). The activity record's number is kept by the caller
// (in index.ts's slot), not here: 4 bytes less for every flow without a gap.
const U32 = RECORD_BYTES / 4;
const FLAST = 0; // BLAST = 1
const BFIRST = 2;
const FLENSQ = 3; // BLENSQ = 4
// float32 (base i * 23): inter-arrival extremes; Welford sums of squared deviations (M2) of the
// inter-arrival times, fwd, bwd and of the whole flow.
const FIATMIN = 5; // BIATMIN = 6
const FIATMAX = 7; // BIATMAX = 8
const FLOWIATMIN = 9;
const FLOWIATMAX = 10;
const FIATM2 = 11; // BIATM2 = 12
const FLOWIATM2 = 13;
// u16 (base i * 46)
const U16 = RECORD_BYTES / 2;
const FLENMIN = 28; // BLENMIN = 29
const FLENMAX = 30; // BLENMAX = 31
const FWIN = 32; // BWIN = 33
const FSEGMIN = 34;
const FPSH = 35; // BPSH = 36
const ACKS = 37;
const FACTDATA = 38;
const FN = 39; // BN = 40: packets so far each way, low 16 bits (the Welford means need the count)
// u8 (base i * 92)
const FURG = 82; // BURG = 83
const FINS = 84;
const SYNS = 85;
const RSTS = 86;
const ECES = 87;
const CWRS = 88;
const BITS = 89;
const FNHI = 90; // BNHI = 91: bits 16..23 of the packet counts
/** BITS flags. */
const HAS_FWD = 1; // HAS_BWD = 2
const HAS_FWIN = 4; // HAS_BWIN = 8
const HAS_CARRY = 16;
/** A packet count passed 2^24 (its carry is read on every packet after, so it has its own bit). */
const HAS_COUNT_CARRY = 32;

/**
 * The activity record, 36 bytes: u32 (base i * 9) the current active period's start, the exact
 * sums of the active and idle periods, and their exact extremes (idle_max is the flow's largest
 * inter-arrival time: every gap is longer than every non-gap); float32 Welford M2 of each; u16
 * (base i * 18) the counts, with carries past 65535.
 */
const ACT_BYTES = 36;
const ACT_U32 = ACT_BYTES / 4;
const ACTSTART = 0;
const ACTSUM = 1; // IDLESUM = 2
const ACTMIN = 3; // IDLEMIN = 5
const ACTMAX = 4;
const ACTM2 = 6; // IDLEM2 = 7
const ACTN = 16; // IDLEN = 17 (u16)

const FIN_FLAG = 0x01;
const SYN_FLAG = 0x02;
const RST_FLAG = 0x04;
const PSH_FLAG = 0x08;
const ACK_FLAG = 0x10;
const URG_FLAG = 0x20;
const ECE_FLAG = 0x40;
const CWR_FLAG = 0x80;
const RARE_FLAGS = FIN_FLAG | SYN_FLAG | RST_FLAG | URG_FLAG | ECE_FLAG | CWR_FLAG;

/** One chunk of records: views of one ArrayBuffer. */
class Chunk {
  readonly u32: Uint32Array;
  readonly f32: Float32Array;
  readonly u16: Uint16Array;
  readonly u8: Uint8Array;
  constructor(recordBytes: number) {
    const buf = new ArrayBuffer(recordBytes * CHUNK_RECORDS);
    this.u32 = new Uint32Array(buf);
    this.f32 = new Float32Array(buf);
    this.u16 = new Uint16Array(buf);
    this.u8 = new Uint8Array(buf);
  }
}

/** Records handed out by number, at most `limit` of them; freed numbers are reused first. */
class Pool {
  readonly chunks: Chunk[] = [];
  private free = new Int32Array(0);
  private freeTop = 0;
  private made = 0;
  constructor(private readonly recordBytes: number) {}

  get size(): number {
    return this.made;
  }

  alloc(): number {
    if (this.freeTop > 0) return this.free[--this.freeTop]!;
    if ((this.made & CHUNK_MASK) === 0) this.chunks.push(new Chunk(this.recordBytes));
    return this.made++;
  }

  release(r: number): void {
    if (this.freeTop === this.free.length) {
      const bigger = new Int32Array(Math.max(1024, this.free.length * 2));
      bigger.set(this.free);
      this.free = bigger;
    }
    this.free[this.freeTop++] = r;
  }
}

export class RecordPool {
  private readonly records = new Pool(RECORD_BYTES);
  private readonly activity = new Pool(ACT_BYTES);
  /** Wrapped counters and sums: key record * 32 + field (see the C_ numbers), value carries. */
  private readonly carries = new Map<number, number>();
  /** BITS that the last gap() set (a period count's carry), so gap() can return the activity record. */
  private gapBits = 0;

  constructor(private readonly activityMicros: number) {}

  /** Statistics records made (in use or free). */
  get size(): number {
    return this.records.size;
  }

  /** Activity records made (in use or free). */
  get activitySize(): number {
    return this.activity.size;
  }

  /** A fresh record with no packet counted. */
  alloc(): number {
    const r = this.records.alloc();
    const ch = this.records.chunks[r >>> CHUNK_BITS]!;
    const i = r & CHUNK_MASK;
    clear(ch, i);
    return r;
  }

  /**
   * A fresh record with the flow's first packet (from the originator, at the flow's start)
   * counted: the same as alloc() then add(), in one pass (cic.test.ts checks the two agree).
   */
  allocWithFirst(len: number, hdr: number, flags: number, win: number, isTcp: boolean): number {
    const r = this.records.alloc();
    const ch = this.records.chunks[r >>> CHUNK_BITS]!;
    const i = r & CHUNK_MASK;
    clear(ch, i);
    const l = len > 0xffff ? 0xffff : len;
    const u16 = i * U16;
    ch.u16[u16 + FLENMIN] = l;
    ch.u16[u16 + FLENMAX] = l;
    ch.u16[u16 + FSEGMIN] = u16Length(hdr);
    if (len > 0) ch.u16[u16 + FACTDATA] = 1;
    ch.u16[u16 + FN] = 1;
    let bits = HAS_FWD;
    if (isTcp) {
      if (win >= 0) {
        ch.u16[u16 + FWIN] = win;
        bits |= HAS_FWIN;
      }
      if (flags !== 0) countFlags(ch, i, 0, flags);
    }
    ch.u8[i * RECORD_BYTES + BITS] = bits | this.addLenSq(ch, i * U32 + FLENSQ, r, 0, len);
    return r;
  }

  /** Return a record, its activity record `act` (the number + 1, or 0) and its carries to the pool. */
  release(r: number, act: number): void {
    const ch = this.records.chunks[r >>> CHUNK_BITS]!;
    const i = r & CHUNK_MASK;
    if (act !== 0) this.activity.release(act - 1);
    if ((ch.u8[i * RECORD_BYTES + BITS]! & (HAS_CARRY | HAS_COUNT_CARRY)) !== 0) {
      for (let f = 0; f < C_FIELDS; f++) this.carries.delete(r * 32 + f);
    }
    this.records.release(r);
  }

  /**
   * Count one packet at `t` microseconds after the flow's start. `act` is the record's activity
   * record (its number + 1, or 0 before the first gap), `len` the payload length, `hdr` the frame
   * length minus it, `win` the TCP window or -1. Returns `act`, or the activity record a first gap took.
   */
  add(r: number, act: number, t: number, len: number, hdr: number, flags: number, win: number, fromOrig: boolean, isTcp: boolean): number {
    const ch = this.records.chunks[r >>> CHUNK_BITS]!;
    const i = r & CHUNK_MASK;
    const u32 = ch.u32;
    const f32 = ch.f32;
    const u16 = ch.u16;
    const u8 = ch.u8;
    const b32 = i * U32;
    const b16 = i * U16;
    const b8 = i * RECORD_BYTES;
    let bits = u8[b8 + BITS]!;
    // Each bwd field sits right after its fwd twin, so the direction is an offset, not a branch per field.
    const dir = fromOrig ? 0 : 1;
    // Packets each way, this one counted (24 bits in the record, the rest carried).
    let dirN = ++u16[b16 + FN + dir]!;
    if (dirN === 0x10000) {
      u16[b16 + FN + dir] = 0;
      if (++u8[b8 + FNHI + dir]! === 0x100) bits |= this.carry(r, C_FN + dir, 1) | HAS_COUNT_CARRY;
    }
    dirN = this.count(ch, i, r, dir, bits);
    if ((bits & (HAS_FWD | (HAS_FWD << 1))) !== 0) {
      const fl = (bits & HAS_FWD) !== 0 ? u32[b32 + FLAST]! : 0;
      const bl = (bits & (HAS_FWD << 1)) !== 0 ? u32[b32 + FLAST + 1]! : 0;
      const prevLast = fl > bl ? fl : bl;
      const iat = t - prevLast;
      // Welford, with the running means worked out exactly from the times (the sum of a flow's
      // inter-arrival times is its last time) and the counts: only M2 is kept, in float32.
      const n = dirN + this.count(ch, i, r, 1 - dir, bits) - 1; // inter-arrival times, this one included
      const last = t > prevLast ? t : prevLast;
      if (n > 1) {
        f32[b32 + FLOWIATM2]! += (iat - prevLast / (n - 1)) * (iat - last / n);
        if ((n & M2_SPAN_MASK) === 0) bits |= this.flushM2(ch, b32 + FLOWIATM2, r, C_M2 + 2);
      }
      if (iat < f32[b32 + FLOWIATMIN]!) f32[b32 + FLOWIATMIN] = iat;
      if (iat > f32[b32 + FLOWIATMAX]!) f32[b32 + FLOWIATMAX] = iat;
      // Active/idle split, as CICFlowMeter's updateActiveIdleTime.
      if (iat > this.activityMicros) {
        act = this.gap(r, act, prevLast, t, iat);
        bits |= this.gapBits;
      }
    }

    const hasDir = HAS_FWD << dir;
    if ((bits & hasDir) !== 0) {
      const prev = u32[b32 + FLAST + dir]!;
      const iat = t - prev;
      // This direction's inter-arrival times sum to its last time minus its first (fwd: 0).
      const first = dir === 0 ? 0 : u32[b32 + BFIRST]!;
      const n = dirN - 1;
      if (n > 1) {
        f32[b32 + FIATM2 + dir]! += (iat - (prev - first) / (n - 1)) * (iat - (t - first) / n);
        if ((n & M2_SPAN_MASK) === 0) bits |= this.flushM2(ch, b32 + FIATM2 + dir, r, C_M2 + dir);
      }
      if (iat < f32[b32 + FIATMIN + dir]!) f32[b32 + FIATMIN + dir] = iat;
      if (iat > f32[b32 + FIATMAX + dir]!) f32[b32 + FIATMAX + dir] = iat;
    } else {
      bits |= hasDir;
      if (!fromOrig) u32[b32 + BFIRST] = t;
    }
    u32[b32 + FLAST + dir] = t;
    bits |= this.addLenSq(ch, b32 + FLENSQ + dir, r, dir, len);
    const l = len > 0xffff ? 0xffff : len;
    if (l < u16[b16 + FLENMIN + dir]!) u16[b16 + FLENMIN + dir] = l;
    if (l > u16[b16 + FLENMAX + dir]!) u16[b16 + FLENMAX + dir] = l;
    if (fromOrig) {
      if (len > 0 && ++u16[b16 + FACTDATA]! === 0x10000) bits |= this.carry(r, 0, 1);
      const h = u16Length(hdr);
      if (h < u16[b16 + FSEGMIN]!) u16[b16 + FSEGMIN] = h;
    }
    if (isTcp) {
      const hasWin = HAS_FWIN << dir;
      if ((bits & hasWin) === 0 && win >= 0) {
        u16[b16 + FWIN + dir] = win;
        bits |= hasWin;
      }
      // ACK and PSH, on most packets, counted here; the rarer flags in countFlags.
      if ((flags & ACK_FLAG) !== 0 && ++u16[b16 + ACKS]! === 0x10000) bits |= this.carry(r, C_ACK, 1);
      if ((flags & PSH_FLAG) !== 0 && ++u16[b16 + FPSH + dir]! === 0x10000) bits |= this.carry(r, C_FPSH + dir, 1);
      if ((flags & RARE_FLAGS) !== 0) bits |= this.countRareFlags(ch, i, r, dir, flags);
    }
    u8[b8 + BITS] = bits;
    return act;
  }

  /**
   * Move a float32 M2 into the map's float64 sum and restart it at 0: each float32 sum then adds
   * at most M2_SPAN terms, which bounds its rounding error (float32 alone drifted by 7e-4 over
   * 200,000 terms in cic.test.ts). Only flows past M2_SPAN packets get map entries.
   */
  private flushM2(ch: Chunk, at: number, r: number, field: number): number {
    const v = ch.f32[at]!;
    ch.f32[at] = 0;
    return this.carry(r, field, v);
  }

  /** An inter-arrival M2: the float32 part plus what flushM2 moved to the map. */
  private m2(ch: Chunk, at: number, r: number, field: number, carried: boolean): number {
    const v = ch.f32[at]!;
    return carried ? v + (this.carries.get(r * 32 + field) ?? 0) : v;
  }

  /** Packets counted so far in direction `dir` of record i (number r). */
  private count(ch: Chunk, i: number, r: number, dir: number, bits: number): number {
    const n = ch.u16[i * U16 + FN + dir]! + ch.u8[i * RECORD_BYTES + FNHI + dir]! * 0x10000;
    return (bits & HAS_COUNT_CARRY) === 0 ? n : n + (this.carries.get(r * 32 + C_FN + dir) ?? 0) * 0x1000000;
  }

  /** Add len^2 to the u32 sum at u32 index `at`, carrying past 2^32; returns BITS to set. */
  private addLenSq(ch: Chunk, at: number, r: number, dir: number, len: number): number {
    const sum = ch.u32[at]! + len * len;
    ch.u32[at] = sum; // modulo 2^32
    return sum > 0xffffffff ? this.carry(r, C_LENSQ + dir, Math.floor(sum / 0x100000000)) : 0;
  }

  /**
   * The 66 cic columns of record `r` and its flow into out[o ..]. Closes the last active period,
   * so call it once.
   */
  write(r: number, act: number, flow: Flow, out: Float32Array, o: number): void {
    const ch = this.records.chunks[r >>> CHUNK_BITS]!;
    const i = r & CHUNK_MASK;
    const u32 = ch.u32;
    const f32 = ch.f32;
    const u16 = ch.u16;
    const u8 = ch.u8;
    const b32 = i * U32;
    const b16 = i * U16;
    const b8 = i * RECORD_BYTES;
    const bits = u8[b8 + BITS]!;
    const hasF = (bits & HAS_FWD) !== 0;
    const hasB = (bits & (HAS_FWD << 1)) !== 0;
    const carried = (bits & HAS_CARRY) !== 0;
    const fn = flow.origPackets;
    const bn = flow.respPackets;
    const n = fn + bn;
    const fBytes = flow.origBytes;
    const bBytes = flow.respBytes;
    const fLast = hasF ? u32[b32 + FLAST]! : 0;
    const bLast = hasB ? u32[b32 + FLAST + 1]! : 0;
    const duration = fLast > bLast ? fLast : bLast;
    const seconds = duration / 1e6;
    const fMin = hasF ? u16[b16 + FLENMIN]! : 0;
    const bMin = hasB ? u16[b16 + FLENMIN + 1]! : 0;
    const fMax = u16[b16 + FLENMAX]!;
    const bMax = u16[b16 + FLENMAX + 1]!;

    // Written straight into the row (no closure per call: esbuild's keepNames wraps each one).
    let k = o;
    out[k++] = duration;
    out[k++] = fn;
    out[k++] = bn;
    out[k++] = fBytes;
    out[k++] = bBytes;
    out[k++] = fMax;
    out[k++] = fMin;
    out[k++] = mean(fBytes, fn);
    const fSq = this.lenSq(ch, i, r, 0, carried);
    const bSq = this.lenSq(ch, i, r, 1, carried);
    out[k++] = std(fBytes, fSq, fn);
    out[k++] = bMax;
    out[k++] = bMin;
    out[k++] = mean(bBytes, bn);
    out[k++] = std(bBytes, bSq, bn);
    out[k++] = seconds > 0 ? (fBytes + bBytes) / seconds : 0;
    out[k++] = seconds > 0 ? n / seconds : 0;
    out[k++] = mean(duration, n - 1);
    out[k++] = welfordStd(this.m2(ch, b32 + FLOWIATM2, r, C_M2 + 2, carried), n - 1);
    out[k++] = f32[b32 + FLOWIATMAX]!;
    out[k++] = finite(f32[b32 + FLOWIATMIN]!);
    const fIatTot = fn > 1 ? fLast : 0;
    out[k++] = fIatTot;
    out[k++] = mean(fIatTot, fn - 1);
    out[k++] = welfordStd(this.m2(ch, b32 + FIATM2, r, C_M2, carried), fn - 1);
    out[k++] = f32[b32 + FIATMAX]!;
    out[k++] = finite(f32[b32 + FIATMIN]!);
    const bIatTot = bn > 1 ? bLast - u32[b32 + BFIRST]! : 0;
    out[k++] = bIatTot;
    out[k++] = mean(bIatTot, bn - 1);
    out[k++] = welfordStd(this.m2(ch, b32 + FIATM2 + 1, r, C_M2 + 1, carried), bn - 1);
    out[k++] = f32[b32 + FIATMAX + 1]!;
    out[k++] = finite(f32[b32 + FIATMIN + 1]!);
    const fPsh = carried ? this.carried(r, u16[b16 + FPSH]!, 1, 65536) : u16[b16 + FPSH]!;
    const bPsh = carried ? this.carried(r, u16[b16 + FPSH + 1]!, 2, 65536) : u16[b16 + FPSH + 1]!;
    const fUrg = carried ? this.carried(r, u8[b8 + FURG]!, 4, 256) : u8[b8 + FURG]!;
    const bUrg = carried ? this.carried(r, u8[b8 + FURG + 1]!, 5, 256) : u8[b8 + FURG + 1]!;
    out[k++] = fPsh;
    out[k++] = bPsh;
    out[k++] = fUrg;
    out[k++] = bUrg;
    out[k++] = flow.origWireBytes - fBytes; // fwd_header_len
    out[k++] = flow.respWireBytes - bBytes; // bwd_header_len
    out[k++] = seconds > 0 ? fn / seconds : 0;
    out[k++] = seconds > 0 ? bn / seconds : 0;
    out[k++] = hasF && hasB ? (fMin < bMin ? fMin : bMin) : hasF ? fMin : bMin;
    out[k++] = fMax > bMax ? fMax : bMax;
    const allBytes = fBytes + bBytes;
    const allSq = fSq + bSq;
    out[k++] = mean(allBytes, n);
    const sd = std(allBytes, allSq, n);
    out[k++] = sd;
    out[k++] = sd * sd;
    // In the columns' order: fin, syn, rst, psh, ack, urg, cwr, ece (the flags byte has ECE in bit 6, CWR in 7).
    out[k++] = carried ? this.carried(r, u8[b8 + FINS]!, 6, 256) : u8[b8 + FINS]!;
    out[k++] = carried ? this.carried(r, u8[b8 + SYNS]!, 7, 256) : u8[b8 + SYNS]!;
    out[k++] = carried ? this.carried(r, u8[b8 + RSTS]!, 8, 256) : u8[b8 + RSTS]!;
    out[k++] = fPsh + bPsh;
    out[k++] = carried ? this.carried(r, u16[b16 + ACKS]!, 3, 65536) : u16[b16 + ACKS]!;
    out[k++] = fUrg + bUrg;
    out[k++] = carried ? this.carried(r, u8[b8 + CWRS]!, 10, 256) : u8[b8 + CWRS]!;
    out[k++] = carried ? this.carried(r, u8[b8 + ECES]!, 9, 256) : u8[b8 + ECES]!;
    out[k++] = fn > 0 ? bn / fn : 0;
    out[k++] = mean(allBytes, n);
    out[k++] = mean(fBytes, fn);
    out[k++] = mean(bBytes, bn);
    out[k++] = (bits & HAS_FWIN) !== 0 ? u16[b16 + FWIN]! : -1;
    out[k++] = (bits & (HAS_FWIN << 1)) !== 0 ? u16[b16 + FWIN + 1]! : -1;
    out[k++] = carried ? this.carried(r, u16[b16 + FACTDATA]!, 0, 65536) : u16[b16 + FACTDATA]!;
    out[k++] = hasF ? u16[b16 + FSEGMIN]! : 0;
    this.writeActivity(ch, i, r, act, duration, out, k);
  }

  /** The exact sum of squared payload lengths in direction `dir`. */
  private lenSq(ch: Chunk, i: number, r: number, dir: number, carried: boolean): number {
    const low = ch.u32[i * U32 + FLENSQ + dir]!;
    return carried ? this.carried(r, low, C_LENSQ + dir, 0x100000000) : low;
  }

  /** active_* and idle_* (8 columns) into out[k ..], closing the period active at the end. */
  private writeActivity(ch: Chunk, i: number, r: number, act: number, last: number, out: Float32Array, k: number): void {
    if (act === 0) {
      // No gap: one active period, the whole flow (CICFlowMeter's endActiveIdleTime), no idle one.
      out[k++] = last;
      out[k++] = 0;
      out[k++] = last;
      out[k++] = last;
      for (let j = 0; j < 4; j++) out[k++] = 0;
      if (!(last > 0)) out.fill(0, k - 8, k - 4);
      return;
    }
    const a = act - 1;
    const ac = this.activity.chunks[a >>> CHUNK_BITS]!;
    const b32 = (a & CHUNK_MASK) * ACT_U32;
    const b16 = b32 * 2;
    const finalActive = last - ac.u32[b32 + ACTSTART]!;
    // A carry set here is in the map: mark the record so that release() clears it.
    if (finalActive > 0) ch.u8[i * RECORD_BYTES + BITS]! |= this.addPeriod(ac, b32, r, 0, finalActive);
    const actN = this.periods(ac, b16, r, 0);
    out[k++] = mean(ac.u32[b32 + ACTSUM]!, actN);
    out[k++] = welfordStd(ac.f32[b32 + ACTM2]!, actN);
    out[k++] = actN > 0 ? ac.u32[b32 + ACTMAX]! : 0;
    out[k++] = actN > 0 ? ac.u32[b32 + ACTMIN]! : 0;
    const idleN = this.periods(ac, b16, r, 1);
    out[k++] = mean(ac.u32[b32 + ACTSUM + 1]!, idleN);
    out[k++] = welfordStd(ac.f32[b32 + ACTM2 + 1]!, idleN);
    // Every idle period is a gap longer than the timeout and every other inter-arrival time is not.
    out[k++] = idleN > 0 ? ch.f32[i * U32 + FLOWIATMAX]! : 0;
    out[k] = idleN > 0 ? ac.u32[b32 + ACTMIN + 2]! : 0; // idle_min, the last column
  }

  /**
   * A gap longer than the activity timeout: close the active period, count the idle one. Returns
   * the activity record (taken at the first gap); the BITS to set are left in gapBits.
   */
  private gap(r: number, act: number, prevLast: number, t: number, iat: number): number {
    if (act === 0) {
      act = this.activity.alloc() + 1;
      const ac = this.activity.chunks[(act - 1) >>> CHUNK_BITS]!;
      const b32 = ((act - 1) & CHUNK_MASK) * ACT_U32;
      for (let j = 0; j < ACT_U32; j++) ac.u32[b32 + j] = 0;
      ac.u32[b32 + ACTMIN] = 0xffffffff;
      ac.u32[b32 + ACTMIN + 2] = 0xffffffff;
    }
    const a = act - 1;
    const ac = this.activity.chunks[a >>> CHUNK_BITS]!;
    const b32 = (a & CHUNK_MASK) * ACT_U32;
    const active = prevLast - ac.u32[b32 + ACTSTART]!;
    let bits = active > 0 ? this.addPeriod(ac, b32, r, 0, active) : 0;
    bits |= this.addPeriod(ac, b32, r, 1, iat);
    ac.u32[b32 + ACTSTART] = t;
    this.gapBits = bits;
    return act;
  }

  /**
   * Add a period of v microseconds to the active (which 0) or idle (1) statistics: the sum and
   * extremes exact (u32: a flow lasts less than 2^32 us), M2 by Welford's update with the exact
   * running mean. Returns BITS to set (HAS_CARRY when the count wrapped).
   */
  private addPeriod(ac: Chunk, b32: number, r: number, which: number, v: number): number {
    const u32 = ac.u32;
    const b16 = b32 * 2 + ACTN + which;
    let bits = 0;
    let n = ++ac.u16[b16]!;
    if (n === 0x10000) {
      ac.u16[b16] = 0;
      bits = this.carry(r, C_ACTN + which, 1);
    }
    n = this.periods(ac, b32 * 2, r, which);
    const sum = u32[b32 + ACTSUM + which]!;
    u32[b32 + ACTSUM + which] = sum + v;
    if (n > 1) ac.f32[b32 + ACTM2 + which]! += (v - sum / (n - 1)) * (v - (sum + v) / n);
    const min = b32 + ACTMIN + 2 * which;
    if (v < u32[min]!) u32[min] = v;
    if (which === 0 && v > u32[b32 + ACTMAX]!) u32[b32 + ACTMAX] = v;
    return bits;
  }

  /** Active (which 0) or idle (1) periods counted in the activity record at u16 base b16. */
  private periods(ac: Chunk, b16: number, r: number, which: number): number {
    const low = ac.u16[b16 + ACTN + which]!;
    // A carry is possible only past 65535 periods (times out of order, or a tiny activity timeout).
    return this.carries.size === 0 ? low : this.carried(r, low, C_ACTN + which, 0x10000);
  }

  /** Count the rarer TCP flags of a packet, keeping the carries of counters that wrap; returns BITS to set. */
  private countRareFlags(ch: Chunk, i: number, r: number, dir: number, flags: number): number {
    const wrapped = countFlags(ch, i, dir, flags & RARE_FLAGS);
    if (wrapped === 0) return 0;
    for (let f = 0; f < 11; f++) if ((wrapped & (1 << f)) !== 0) this.carry(r, f, 1);
    return HAS_CARRY;
  }

  /** Counter or sum `field` of record `r` wrapped `times` times: remember the carries. */
  private carry(r: number, field: number, times: number): number {
    const key = r * 32 + field;
    this.carries.set(key, (this.carries.get(key) ?? 0) + times);
    return HAS_CARRY;
  }

  private carried(r: number, low: number, field: number, unit: number): number {
    return low + (this.carries.get(r * 32 + field) ?? 0) * unit;
  }
}

/** Carry field numbers (bit positions in countFlags' result). */
const C_FPSH = 1;
const C_ACK = 3;
const C_FURG = 4;
const C_FIN = 6;
const C_SYN = 7;
const C_RST = 8;
const C_ECE = 9;
const C_CWR = 10;
const C_LENSQ = 11; // 12: bwd, in units of 2^32
const C_FN = 13; // 14: bwd, in units of 2^24
const C_ACTN = 15; // 16: idle, in units of 2^16
const C_M2 = 17; // 18: bwd, 19: flow; float64 sums of the flushed float32 M2s
const C_FIELDS = 20;
/** Terms a float32 inter-arrival M2 sums before flushM2 (a power of two). */
const M2_SPAN_MASK = 4095;

/**
 * Count a packet's set TCP flags into record i (direction `dir` for PSH and URG). Returns a bit
 * per counter that wrapped to 0 (see the C_ numbers). `++a[i]` yields the unwrapped sum, so a wrap
 * shows as 0x100 or 0x10000.
 */
function countFlags(ch: Chunk, i: number, dir: number, flags: number): number {
  const u8 = ch.u8;
  const u16 = ch.u16;
  const b8 = i * RECORD_BYTES;
  const b16 = i * U16;
  let wrapped = 0;
  if ((flags & ACK_FLAG) !== 0 && ++u16[b16 + ACKS]! === 0x10000) wrapped |= 1 << C_ACK;
  if ((flags & PSH_FLAG) !== 0 && ++u16[b16 + FPSH + dir]! === 0x10000) wrapped |= 1 << (C_FPSH + dir);
  if ((flags & RARE_FLAGS) !== 0) {
    if ((flags & FIN_FLAG) !== 0 && ++u8[b8 + FINS]! === 0x100) wrapped |= 1 << C_FIN;
    if ((flags & SYN_FLAG) !== 0 && ++u8[b8 + SYNS]! === 0x100) wrapped |= 1 << C_SYN;
    if ((flags & RST_FLAG) !== 0 && ++u8[b8 + RSTS]! === 0x100) wrapped |= 1 << C_RST;
    if ((flags & URG_FLAG) !== 0 && ++u8[b8 + FURG + dir]! === 0x100) wrapped |= 1 << (C_FURG + dir);
    if ((flags & ECE_FLAG) !== 0 && ++u8[b8 + ECES]! === 0x100) wrapped |= 1 << C_ECE;
    if ((flags & CWR_FLAG) !== 0 && ++u8[b8 + CWRS]! === 0x100) wrapped |= 1 << C_CWR;
  }
  return wrapped;
}

/** Reset record i: no packet, minima at their largest. */
function clear(ch: Chunk, i: number): void {
  // Plain loops: fill() on a short range is a runtime call, slower than this at 24 elements.
  const b32 = i * U32;
  for (let j = 0; j < U32; j++) ch.u32[b32 + j] = 0;
  ch.f32[b32 + FIATMIN] = Infinity;
  ch.f32[b32 + FIATMIN + 1] = Infinity;
  ch.f32[b32 + FLOWIATMIN] = Infinity;
  const b16 = i * U16;
  ch.u16[b16 + FLENMIN] = 0xffff;
  ch.u16[b16 + FLENMIN + 1] = 0xffff;
  ch.u16[b16 + FSEGMIN] = 0xffff;
}

/**
 * A length for the u16 minima and maxima: past 65535 counts as 65535, and a negative header length
 * (a frame shorter than its payload, in a broken capture) as 0.
 */
function u16Length(v: number): number {
  return v > 0xffff ? 0xffff : v < 0 ? 0 : v;
}

function finite(v: number): number {
  return v === Infinity ? 0 : v;
}

function mean(sum: number, n: number): number {
  return n > 0 ? sum / n : 0;
}

/** Sample standard deviation from Welford's M2 of n values (0 for fewer than two). */
function welfordStd(m2: number, n: number): number {
  return n > 1 && m2 > 0 ? Math.sqrt(m2 / (n - 1)) : 0;
}

/** Sample standard deviation from a sum and a sum of squares (0 for fewer than two values). */
function std(sum: number, sumSq: number, n: number): number {
  if (n < 2) return 0;
  const v = (sumSq - (sum * sum) / n) / (n - 1);
  return v > 0 ? Math.sqrt(v) : 0;
}

/**
 * The row of a flow that had exactly one packet (from the originator), without a record: what
 * write() gives for such a flow, worked out once (cic.test.ts checks the two agree).
 */
export function writeOnePacket(
  out: Float32Array,
  o: number,
  len: number,
  hdr: number,
  flags: number,
  win: number,
  isTcp: boolean,
): void {
  for (let k = o; k < o + 66; k++) out[k] = 0;
  const l = len > 0xffff ? 0xffff : len;
  out[o + 1] = 1; // tot_fwd_pkts
  out[o + 3] = len; // totlen_fwd_pkts
  out[o + 5] = l; // fwd_pkt_len_max
  out[o + 6] = l; // fwd_pkt_len_min
  out[o + 7] = len; // fwd_pkt_len_mean
  out[o + 33] = hdr; // fwd_header_len
  out[o + 37] = l; // pkt_len_min
  out[o + 38] = l; // pkt_len_max
  out[o + 39] = len; // pkt_len_mean
  out[o + 51] = len; // pkt_size_avg
  out[o + 52] = len; // fwd_seg_size_avg
  out[o + 54] = isTcp && win >= 0 ? win : -1; // init_fwd_win_byts
  out[o + 55] = -1; // init_bwd_win_byts
  out[o + 56] = len > 0 ? 1 : 0; // fwd_act_data_pkts
  out[o + 57] = hdr > 0xffff ? 0xffff : hdr; // fwd_seg_size_min
  if (isTcp) {
    out[o + 29] = (flags & PSH_FLAG) !== 0 ? 1 : 0; // fwd_psh_flags
    out[o + 31] = (flags & URG_FLAG) !== 0 ? 1 : 0; // fwd_urg_flags
    for (let bit = 0; bit < 6; bit++) out[o + 42 + bit] = (flags >> bit) & 1; // fin .. urg
    out[o + 48] = (flags & CWR_FLAG) !== 0 ? 1 : 0; // cwr_flag_count
    out[o + 49] = (flags & ECE_FLAG) !== 0 ? 1 : 0; // ece_flag_cnt
  }
}
