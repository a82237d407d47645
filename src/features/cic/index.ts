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
 * Per-flow state lives in two strided typed arrays indexed by the flow table's slot (about 290
 * bytes a flow), so nothing is allocated per packet.
 */
import type { Flow } from '../../records/flow.js';
import type { FeatureSchema } from '../../records/feature-batch.js';
import type { Packet } from '../../records/packet.js';
import { TcpFlag } from '../../records/packet.js';

// Local flag bits: an imported object costs a getter call per use under tsx.
const PSH_FLAG = TcpFlag.PSH;
const URG_FLAG = TcpFlag.URG;
import type { FlowFeatureExtractor } from '../extractor.js';

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
}

// Float64 fields per slot.
const D = 20;
const [FN, BN, FBYTES, BBYTES, FLENSQ, BLENSQ, FFIRST, BFIRST, FLAST, BLAST, FIATSQ, BIATSQ, FLOWIATSQ] =
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;
const [ACTSTART, ACTSUM, ACTSQ, IDLESUM, IDLESQ, FHDR, BHDR] = [13, 14, 15, 16, 17, 18, 19] as const;
// Float32 fields per slot.
const S = 32;
const [FLENMIN, FLENMAX, BLENMIN, BLENMAX, FIATMIN, FIATMAX, BIATMIN, BIATMAX, FLOWIATMIN, FLOWIATMAX] =
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
const [ACTMIN, ACTMAX, IDLEMIN, IDLEMAX, FSEGMIN, FWIN, BWIN] = [10, 11, 12, 13, 14, 15, 16] as const;
/** Flag counters FIN..ECE at FLAGS + bit index (bits 0..7 of the TCP flags byte). */
const FLAGS = 17;
const [FPSH, BPSH, FURG, BURG, FACTDATA, ACTN, IDLEN] = [25, 26, 27, 28, 29, 30, 31] as const;

/** Minimum trackers, which start at +Infinity. */
const MIN_FIELDS: readonly number[] = [FLENMIN, BLENMIN, FIATMIN, BIATMIN, FLOWIATMIN, ACTMIN, IDLEMIN, FSEGMIN];

export class CicExtractor implements FlowFeatureExtractor {
  readonly schema = CIC_SCHEMA;
  private d = new Float64Array(0);
  private s = new Float32Array(0);
  private readonly activityMicros: number;

  constructor(options: Partial<CicOptions> = {}) {
    this.activityMicros = (options.activityTimeoutSeconds ?? 5) * 1e6;
  }

  resize(capacity: number): void {
    const d = new Float64Array(capacity * D);
    d.set(this.d);
    this.d = d;
    const s = new Float32Array(capacity * S);
    s.set(this.s);
    this.s = s;
  }

  onStart(slot: number, ts: number): void {
    const d = this.d;
    const s = this.s;
    d.fill(0, slot * D, slot * D + D);
    s.fill(0, slot * S, slot * S + S);
    const b = slot * D;
    d[b + FFIRST] = ts;
    d[b + BFIRST] = -1;
    d[b + FLAST] = -1;
    d[b + BLAST] = -1;
    d[b + ACTSTART] = ts;
    const c = slot * S;
    for (let i = 0; i < MIN_FIELDS.length; i++) s[c + MIN_FIELDS[i]!] = Infinity;
    s[c + FWIN] = -1;
    s[c + BWIN] = -1;
  }

  onPacket(slot: number, pkt: Packet, fromOrig: boolean): void {
    const d = this.d;
    const s = this.s;
    const b = slot * D;
    const c = slot * S;
    const ts = pkt.tsMicros;
    const len = pkt.payloadLength;
    const hdr = pkt.wireLength - len;
    const flags = pkt.tcpFlags;
    const prevLast = Math.max(d[b + FLAST]!, d[b + BLAST]!);

    if (prevLast >= 0) {
      const iat = ts - prevLast;
      d[b + FLOWIATSQ]! += iat * iat;
      if (iat < s[c + FLOWIATMIN]!) s[c + FLOWIATMIN] = iat;
      if (iat > s[c + FLOWIATMAX]!) s[c + FLOWIATMAX] = iat;
      // Active/idle split, as CICFlowMeter's updateActiveIdleTime.
      if (iat > this.activityMicros) {
        const active = prevLast - d[b + ACTSTART]!;
        if (active > 0) addStat(d, s, b + ACTSUM, b + ACTSQ, c + ACTMIN, c + ACTMAX, c + ACTN, active);
        addStat(d, s, b + IDLESUM, b + IDLESQ, c + IDLEMIN, c + IDLEMAX, c + IDLEN, iat);
        d[b + ACTSTART] = ts;
      }
    }

    // The layout puts each bwd field right after its fwd twin (min/max pairs two after), so the
    // direction is an offset, not a branch per field.
    const dir = fromOrig ? 0 : 1;
    const N = FN + dir;
    const BYTES = FBYTES + dir;
    const LENSQ = FLENSQ + dir;
    const LAST = FLAST + dir;
    const IATSQ = FIATSQ + dir;
    const HDR = FHDR + dir;
    const LENMIN = FLENMIN + 2 * dir;
    const LENMAX = FLENMAX + 2 * dir;
    const IATMIN = FIATMIN + 2 * dir;
    const IATMAX = FIATMAX + 2 * dir;
    const WIN = FWIN + dir;
    const PSH = FPSH + dir;
    const URG = FURG + dir;
    const last = d[b + LAST]!;
    if (last >= 0) {
      const iat = ts - last;
      d[b + IATSQ]! += iat * iat;
      if (iat < s[c + IATMIN]!) s[c + IATMIN] = iat;
      if (iat > s[c + IATMAX]!) s[c + IATMAX] = iat;
    } else if (!fromOrig) {
      d[b + BFIRST] = ts;
    }
    d[b + LAST] = ts;
    d[b + N]!++;
    d[b + BYTES]! += len;
    d[b + LENSQ]! += len * len;
    d[b + HDR]! += hdr;
    if (len < s[c + LENMIN]!) s[c + LENMIN] = len;
    if (len > s[c + LENMAX]!) s[c + LENMAX] = len;
    if (fromOrig) {
      if (len > 0) s[c + FACTDATA]!++;
      if (hdr < s[c + FSEGMIN]!) s[c + FSEGMIN] = hdr;
    }
    if (pkt.proto === 'tcp') {
      if (s[c + WIN] === -1 && pkt.tcpWindow !== undefined) s[c + WIN] = pkt.tcpWindow;
      for (let bit = 0; bit < 8; bit++) if ((flags & (1 << bit)) !== 0) s[c + FLAGS + bit]!++;
      if ((flags & PSH_FLAG) !== 0) s[c + PSH]!++;
      if ((flags & URG_FLAG) !== 0) s[c + URG]!++;
    }
  }

  onEnd(): void {}

  write(slot: number, flow: Flow, out: Float32Array, o: number): void {
    const d = this.d;
    const s = this.s;
    const b = slot * D;
    const c = slot * S;
    const fn = d[b + FN]!;
    const bn = d[b + BN]!;
    const n = fn + bn;
    const fBytes = d[b + FBYTES]!;
    const bBytes = d[b + BBYTES]!;
    const first = d[b + FFIRST]!;
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
    out[k++] = d[b + FHDR]!;
    out[k++] = d[b + BHDR]!;
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
    out[k++] = idleN > 0 ? s[c + IDLEMIN]! : 0;
    for (let j = o; j < k; j++) if (!Number.isFinite(out[j]!)) out[j] = 0;
    void flow;
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
