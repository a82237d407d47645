/**
 * src-window: traffic-window features keyed on the flow's *source* (its originator address), the
 * counterpart of kdd41's window features, which are keyed on the destination host.
 *
 * Why: an agent sits on one victim, so every connection it sees has the same destination, and
 * kdd41's count / *_rate / dst_host_* columns describe the victim, not the client. While the victim
 * is under attack, a benign client's connection inherits the attack's window values (and if the
 * server resets it, its flag too). What still tells the two apart is the client's own recent
 * behaviour: how many connections it made, and how many of them were answered.
 *
 * Two windows per source, both over flows in emission order (as kdd41's are):
 * - time: the source's flows whose last packet is within `timeWindowSeconds` of the latest flow end
 *   seen (the extractor's clock);
 * - history: the source's last `historyFlows` flows, however old.
 *
 * For each: the count, the SYN-error and REJ-error shares (kdd41's flag sets), the share of flows the
 * responder answered with payload (respBytes > 0), and the share to this flow's responder port.
 * Every share includes the flow itself, as KDD's do. State is per source, not per flow; sources
 * silent for `forgetSeconds` are dropped, and beyond `maxSources` the stalest quarter goes.
 */
import type { Flow, KddFlag } from '../../records/flow.js';
import type { FeatureSchema } from '../../records/feature-batch.js';
import type { FlowFeatureExtractor } from '../extractor.js';
import { noPerFlowState } from '../extractor.js';
import { FlowRing, SERROR, REJECTED, ANSWERED } from './flow-ring.js';

export const SRC_WINDOW_COLUMNS: readonly string[] = [
  'src_count',
  'src_serror_rate',
  'src_rerror_rate',
  'src_answered_rate',
  'src_same_port_rate',
  'src_hist_count',
  'src_hist_serror_rate',
  'src_hist_rerror_rate',
  'src_hist_answered_rate',
  'src_hist_same_port_rate',
];

export const SRC_WINDOW_SCHEMA: FeatureSchema = { name: 'src-window', version: '1', columns: SRC_WINDOW_COLUMNS };

export interface SrcWindowOptions {
  /** @default 2 (kdd41's time window) */
  timeWindowSeconds: number;
  /** Flows kept per source for the history window. @default 100 (the KDD paper's host window) */
  historyFlows: number;
  /** Drop a source silent this long. @default 600 */
  forgetSeconds: number;
  /** Most sources kept. @default 100_000 */
  maxSources: number;
}

/** Counts are capped as kdd41's `count` is. */
const COUNT_CAP = 511;

interface SourceState {
  lastMicros: number;
  recent: FlowRing;
  history: FlowRing;
}

/** kdd41's SYN-error and REJ-error flag sets (`kdd41/windows.ts`), repeated so this set stands alone. */
function flagBits(flag: KddFlag): number {
  if (flag === 'S0' || flag === 'S1' || flag === 'S2' || flag === 'S3' || flag === 'SH') return SERROR;
  if (flag === 'REJ' || flag === 'RSTO' || flag === 'RSTR' || flag === 'RSTOS0') return REJECTED;
  return 0;
}

export class SrcWindowExtractor implements FlowFeatureExtractor {
  readonly schema = SRC_WINDOW_SCHEMA;
  readonly keepsFlowState = noPerFlowState.keepsFlowState;
  readonly resize = noPerFlowState.resize;
  readonly onStart = noPerFlowState.onStart;
  readonly onPacket = noPerFlowState.onPacket;
  readonly onEnd = noPerFlowState.onEnd;

  private readonly options: SrcWindowOptions;
  private readonly sources = new Map<string, SourceState>();
  private clockMicros = -Infinity;
  private sinceSweep = 0;

  constructor(options: Partial<SrcWindowOptions> = {}) {
    this.options = { timeWindowSeconds: 2, historyFlows: 100, forgetSeconds: 600, maxSources: 100_000, ...options };
  }

  /** Sources currently tracked (for tests and memory checks). */
  get sourceCount(): number {
    return this.sources.size;
  }

  write(_slot: number, flow: Flow, out: Float32Array, o: number): void {
    if (flow.endMicros > this.clockMicros) this.clockMicros = flow.endMicros;
    let s = this.sources.get(flow.origIp);
    if (s === undefined) {
      s = { lastMicros: flow.endMicros, recent: new FlowRing(), history: new FlowRing() };
      this.sources.set(flow.origIp, s);
    }
    s.lastMicros = this.clockMicros;
    const bits = flagBits(flow.flag) | (flow.respBytes > 0 ? ANSWERED : 0);
    s.recent.push(flow.endMicros, flow.respPort, bits);
    s.history.push(flow.endMicros, flow.respPort, bits);
    s.recent.dropEndedBefore(this.clockMicros - this.options.timeWindowSeconds * 1e6);
    s.history.keepLast(this.options.historyFlows);
    o = writeWindow(s.recent, flow.respPort, out, o);
    writeWindow(s.history, flow.respPort, out, o);
    if (++this.sinceSweep >= 4096) this.sweep();
  }

  private sweep(): void {
    this.sinceSweep = 0;
    const cutoff = this.clockMicros - this.options.forgetSeconds * 1e6;
    for (const [ip, s] of this.sources) if (s.lastMicros < cutoff) this.sources.delete(ip);
    if (this.sources.size <= this.options.maxSources) return;
    const lasts = [...this.sources.values()].map((s) => s.lastMicros).sort((a, b) => a - b);
    const cut = lasts[Math.floor(lasts.length / 4)]!;
    for (const [ip, s] of this.sources) if (s.lastMicros <= cut) this.sources.delete(ip);
  }
}

function writeWindow(w: FlowRing, port: number, out: Float32Array, o: number): number {
  const n = w.size;
  out[o] = Math.min(n, COUNT_CAP);
  out[o + 1] = w.serror / n;
  out[o + 2] = w.rejected / n;
  out[o + 3] = w.answered / n;
  out[o + 4] = w.portCount(port) / n;
  return o + 5;
}
