/**
 * The statistics record of one multi-packet flow for the cic extractor: 13 Float64 fields in `d`
 * and 32 Float32 fields in `s` (232 bytes), at record offsets b = record * D and c = record * S.
 * Pure functions over the two arrays, so the extractor can pool records (only flows that get a
 * second packet need one; see index.ts). What the flow table already counts per direction
 * (packets, payload and frame bytes, start time) is read from the Flow, not kept twice.
 */
import type { Flow } from '../../records/flow.js';

/** Float64 fields per record (sums of squares and timestamps, which need the precision). */
export const D = 13;
const [FLENSQ, BLENSQ, BFIRST, FLAST, BLAST, FIATSQ, BIATSQ, FLOWIATSQ] = [0, 1, 2, 3, 4, 5, 6, 7] as const;
const [ACTSTART, ACTSUM, ACTSQ, IDLESUM, IDLESQ] = [8, 9, 10, 11, 12] as const;
/** Float32 fields per record (minima, maxima, small counters). */
export const S = 32;
const [FLENMIN, FLENMAX, BLENMIN, BLENMAX, FIATMIN, FIATMAX, BIATMIN, BIATMAX, FLOWIATMIN, FLOWIATMAX] =
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
const [ACTMIN, ACTMAX, IDLEMIN, IDLEMAX, FSEGMIN, FWIN, BWIN] = [10, 11, 12, 13, 14, 15, 16] as const;
/** Flag counters FIN..ECE at FLAGS + bit index (bits 0..7 of the TCP flags byte). */
const FLAGS = 17;
const [FPSH, BPSH, FURG, BURG, FACTDATA, ACTN, IDLEN] = [25, 26, 27, 28, 29, 30, 31] as const;

const PSH_FLAG = 0x08;
const URG_FLAG = 0x20;

/** Start a record for a flow whose first packet is at `ts`. */
export function initRecord(d: Float64Array, s: Float32Array, b: number, c: number, ts: number): void {
  // Plain loops: fill() on a short range is a runtime call, slower than this at 20-32 elements.
  for (let i = 0; i < D; i++) d[b + i] = 0;
  for (let i = 0; i < S; i++) s[c + i] = 0;
  d[b + BFIRST] = -1;
  d[b + FLAST] = -1;
  d[b + BLAST] = -1;
  d[b + ACTSTART] = ts;
  s[c + FLENMIN] = Infinity;
  s[c + BLENMIN] = Infinity;
  s[c + FIATMIN] = Infinity;
  s[c + BIATMIN] = Infinity;
  s[c + FLOWIATMIN] = Infinity;
  s[c + ACTMIN] = Infinity;
  s[c + IDLEMIN] = Infinity;
  s[c + FSEGMIN] = Infinity;
  s[c + FWIN] = -1;
  s[c + BWIN] = -1;
}

/**
 * Start a record with the flow's first packet (from the originator) already counted: the same
 * as initRecord then addPacket, in one pass (cic.test.ts checks the two agree).
 */
export function initRecordWithFirst(
  d: Float64Array,
  s: Float32Array,
  b: number,
  c: number,
  ts: number,
  len: number,
  hdr: number,
  flags: number,
  win: number,
  isTcp: boolean,
): void {
  for (let i = 0; i < D; i++) d[b + i] = 0;
  for (let i = 0; i < S; i++) s[c + i] = 0;
  d[b + BFIRST] = -1;
  d[b + FLAST] = ts;
  d[b + BLAST] = -1;
  d[b + ACTSTART] = ts;
  d[b + FLENSQ] = len * len;
  s[c + FLENMIN] = len;
  s[c + FLENMAX] = len;
  s[c + BLENMIN] = Infinity;
  s[c + FIATMIN] = Infinity;
  s[c + BIATMIN] = Infinity;
  s[c + FLOWIATMIN] = Infinity;
  s[c + ACTMIN] = Infinity;
  s[c + IDLEMIN] = Infinity;
  s[c + FSEGMIN] = hdr;
  s[c + FWIN] = isTcp && win >= 0 ? win : -1;
  s[c + BWIN] = -1;
  if (len > 0) s[c + FACTDATA] = 1;
  if (isTcp && flags !== 0) {
    for (let bit = 0; bit < 8; bit++) if ((flags & (1 << bit)) !== 0) s[c + FLAGS + bit] = 1;
    if ((flags & PSH_FLAG) !== 0) s[c + FPSH] = 1;
    if ((flags & URG_FLAG) !== 0) s[c + FURG] = 1;
  }
}

/**
 * Count one packet. `len` is the payload length, `hdr` the frame length minus it, `win` the TCP
 * window or -1; `activityMicros` the gap that ends an active period.
 */
export function addPacket(
  d: Float64Array,
  s: Float32Array,
  b: number,
  c: number,
  ts: number,
  len: number,
  hdr: number,
  flags: number,
  win: number,
  fromOrig: boolean,
  isTcp: boolean,
  activityMicros: number,
): void {
  const prevLast = Math.max(d[b + FLAST]!, d[b + BLAST]!);
  if (prevLast >= 0) {
    const iat = ts - prevLast;
    d[b + FLOWIATSQ]! += iat * iat;
    if (iat < s[c + FLOWIATMIN]!) s[c + FLOWIATMIN] = iat;
    if (iat > s[c + FLOWIATMAX]!) s[c + FLOWIATMAX] = iat;
    // Active/idle split, as CICFlowMeter's updateActiveIdleTime.
    if (iat > activityMicros) {
      const active = prevLast - d[b + ACTSTART]!;
      if (active > 0) addStat(d, s, b + ACTSUM, b + ACTSQ, c + ACTMIN, c + ACTMAX, c + ACTN, active);
      addStat(d, s, b + IDLESUM, b + IDLESQ, c + IDLEMIN, c + IDLEMAX, c + IDLEN, iat);
      d[b + ACTSTART] = ts;
    }
  }

  // The layout puts each bwd field right after its fwd twin (min/max pairs two after), so the
  // direction is an offset, not a branch per field.
  const dir = fromOrig ? 0 : 1;
  const bd = b + dir;
  const cd = c + dir;
  const cd2 = c + 2 * dir;
  const last = d[bd + FLAST]!;
  if (last >= 0) {
    const iat = ts - last;
    d[bd + FIATSQ]! += iat * iat;
    if (iat < s[cd2 + FIATMIN]!) s[cd2 + FIATMIN] = iat;
    if (iat > s[cd2 + FIATMAX]!) s[cd2 + FIATMAX] = iat;
  } else if (!fromOrig) {
    d[b + BFIRST] = ts;
  }
  d[bd + FLAST] = ts;
  d[bd + FLENSQ]! += len * len;
  if (len < s[cd2 + FLENMIN]!) s[cd2 + FLENMIN] = len;
  if (len > s[cd2 + FLENMAX]!) s[cd2 + FLENMAX] = len;
  if (fromOrig) {
    if (len > 0) s[c + FACTDATA]!++;
    if (hdr < s[c + FSEGMIN]!) s[c + FSEGMIN] = hdr;
  }
  if (isTcp) {
    if (s[cd + FWIN] === -1 && win >= 0) s[cd + FWIN] = win;
    if (flags !== 0) {
      for (let bit = 0; bit < 8; bit++) if ((flags & (1 << bit)) !== 0) s[c + FLAGS + bit]!++;
      if ((flags & PSH_FLAG) !== 0) s[cd + FPSH]!++;
      if ((flags & URG_FLAG) !== 0) s[cd + FURG]!++;
    }
  }
}

/**
 * The 66 cic columns of a record and its flow into out[o ..]. Closes the last active period, so
 * call it once.
 */
export function writeRecord(
  d: Float64Array,
  s: Float32Array,
  b: number,
  c: number,
  flow: Flow,
  out: Float32Array,
  o: number,
): void {
  const fn = flow.origPackets;
  const bn = flow.respPackets;
  const n = fn + bn;
  const fBytes = flow.origBytes;
  const bBytes = flow.respBytes;
  const first = flow.startMicros;
  const last = Math.max(d[b + FLAST]!, d[b + BLAST]!);
  const duration = last - first;
  const seconds = duration / 1e6;
  // The period active at the end counts too (CICFlowMeter's endActiveIdleTime).
  const finalActive = last - d[b + ACTSTART]!;
  if (finalActive > 0) addStat(d, s, b + ACTSUM, b + ACTSQ, c + ACTMIN, c + ACTMAX, c + ACTN, finalActive);

  // Written straight into the row (no closure per call: esbuild's keepNames wraps each one);
  // non-finite values (mins of an empty direction) are zeroed at the end.
  let k = o;
  out[k++] = duration;
  out[k++] = fn;
  out[k++] = bn;
  out[k++] = fBytes;
  out[k++] = bBytes;
  out[k++] = s[c + FLENMAX]!;
  out[k++] = s[c + FLENMIN]!;
  out[k++] = mean(fBytes, fn);
  out[k++] = std(fBytes, d[b + FLENSQ]!, fn);
  out[k++] = s[c + BLENMAX]!;
  out[k++] = s[c + BLENMIN]!;
  out[k++] = mean(bBytes, bn);
  out[k++] = std(bBytes, d[b + BLENSQ]!, bn);
  out[k++] = seconds > 0 ? (fBytes + bBytes) / seconds : 0;
  out[k++] = seconds > 0 ? n / seconds : 0;
  out[k++] = mean(duration, n - 1);
  out[k++] = std(duration, d[b + FLOWIATSQ]!, n - 1);
  out[k++] = s[c + FLOWIATMAX]!;
  out[k++] = s[c + FLOWIATMIN]!;
  const fIatTot = fn > 1 ? d[b + FLAST]! - first : 0;
  out[k++] = fIatTot;
  out[k++] = mean(fIatTot, fn - 1);
  out[k++] = std(fIatTot, d[b + FIATSQ]!, fn - 1);
  out[k++] = s[c + FIATMAX]!;
  out[k++] = s[c + FIATMIN]!;
  const bIatTot = bn > 1 ? d[b + BLAST]! - d[b + BFIRST]! : 0;
  out[k++] = bIatTot;
  out[k++] = mean(bIatTot, bn - 1);
  out[k++] = std(bIatTot, d[b + BIATSQ]!, bn - 1);
  out[k++] = s[c + BIATMAX]!;
  out[k++] = s[c + BIATMIN]!;
  out[k++] = s[c + FPSH]!;
  out[k++] = s[c + BPSH]!;
  out[k++] = s[c + FURG]!;
  out[k++] = s[c + BURG]!;
  out[k++] = flow.origWireBytes - fBytes; // fwd_header_len
  out[k++] = flow.respWireBytes - bBytes; // bwd_header_len
  out[k++] = seconds > 0 ? fn / seconds : 0;
  out[k++] = seconds > 0 ? bn / seconds : 0;
  out[k++] = Math.min(s[c + FLENMIN]!, s[c + BLENMIN]!);
  out[k++] = Math.max(s[c + FLENMAX]!, s[c + BLENMAX]!);
  const allBytes = fBytes + bBytes;
  const allSq = d[b + FLENSQ]! + d[b + BLENSQ]!;
  out[k++] = mean(allBytes, n);
  const sd = std(allBytes, allSq, n);
  out[k++] = sd;
  out[k++] = sd * sd;
  // fin, syn, rst, psh, ack, urg, cwr, ece: the TCP flags byte's bits 0..7
  for (let bit = 0; bit < 8; bit++) out[k++] = s[c + FLAGS + bit]!;
  out[k++] = fn > 0 ? bn / fn : 0;
  out[k++] = mean(allBytes, n);
  out[k++] = mean(fBytes, fn);
  out[k++] = mean(bBytes, bn);
  out[k++] = s[c + FWIN]!;
  out[k++] = s[c + BWIN]!;
  out[k++] = s[c + FACTDATA]!;
  out[k++] = s[c + FSEGMIN]!;
  const actN = s[c + ACTN]!;
  out[k++] = mean(d[b + ACTSUM]!, actN);
  out[k++] = std(d[b + ACTSUM]!, d[b + ACTSQ]!, actN);
  out[k++] = actN > 0 ? s[c + ACTMAX]! : 0;
  out[k++] = actN > 0 ? s[c + ACTMIN]! : 0;
  const idleN = s[c + IDLEN]!;
  out[k++] = mean(d[b + IDLESUM]!, idleN);
  out[k++] = std(d[b + IDLESUM]!, d[b + IDLESQ]!, idleN);
  out[k++] = idleN > 0 ? s[c + IDLEMAX]! : 0;
  out[k] = idleN > 0 ? s[c + IDLEMIN]! : 0; // idle_min, the last column
  // Only the minima of an empty direction can be Infinity (sums and means are finite).
  if (out[o + 6] === Infinity) out[o + 6] = 0; // fwd_pkt_len_min
  if (out[o + 10] === Infinity) out[o + 10] = 0; // bwd_pkt_len_min
  if (out[o + 18] === Infinity) out[o + 18] = 0; // flow_iat_min
  if (out[o + 23] === Infinity) out[o + 23] = 0; // fwd_iat_min
  if (out[o + 28] === Infinity) out[o + 28] = 0; // bwd_iat_min
  if (out[o + 37] === Infinity) out[o + 37] = 0; // pkt_len_min
  if (out[o + 57] === Infinity) out[o + 57] = 0; // fwd_seg_size_min
}

/**
 * The row of a flow that had exactly one packet (from the originator), without a record: what
 * writeRecord gives for such a flow, worked out once (cic.test.ts checks the two agree).
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
  out[o + 1] = 1; // tot_fwd_pkts
  out[o + 3] = len; // totlen_fwd_pkts
  out[o + 5] = len; // fwd_pkt_len_max
  out[o + 6] = len; // fwd_pkt_len_min
  out[o + 7] = len; // fwd_pkt_len_mean
  out[o + 33] = hdr; // fwd_header_len
  out[o + 37] = len; // pkt_len_min
  out[o + 38] = len; // pkt_len_max
  out[o + 39] = len; // pkt_len_mean
  out[o + 51] = len; // pkt_size_avg
  out[o + 52] = len; // fwd_seg_size_avg
  out[o + 54] = isTcp && win >= 0 ? win : -1; // init_fwd_win_byts
  out[o + 55] = -1; // init_bwd_win_byts
  out[o + 56] = len > 0 ? 1 : 0; // fwd_act_data_pkts
  out[o + 57] = hdr; // fwd_seg_size_min
  if (isTcp) {
    out[o + 29] = (flags & PSH_FLAG) !== 0 ? 1 : 0; // fwd_psh_flags
    out[o + 31] = (flags & URG_FLAG) !== 0 ? 1 : 0; // fwd_urg_flags
    for (let bit = 0; bit < 8; bit++) out[o + 42 + bit] = (flags >> bit) & 1;
  }
}

function addStat(
  d: Float64Array,
  s: Float32Array,
  sum: number,
  sq: number,
  min: number,
  max: number,
  n: number,
  v: number,
): void {
  d[sum]! += v;
  d[sq]! += v * v;
  if (v < s[min]!) s[min] = v;
  if (v > s[max]!) s[max] = v;
  s[n]!++;
}

function mean(sum: number, n: number): number {
  return n > 0 ? sum / n : 0;
}

/** Sample standard deviation from a sum and a sum of squares (0 for fewer than two values). */
function std(sum: number, sumSq: number, n: number): number {
  if (n < 2) return 0;
  const v = (sumSq - (sum * sum) / n) / (n - 1);
  return v > 0 ? Math.sqrt(v) : 0;
}
