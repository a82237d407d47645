/**
 * damped: Kitsune AfterImage-style damped incremental statistics (Mirsky et al., NDSS 2018).
 * Every packet updates, for each decay rate λ, statistics whose old observations fade with weight
 * 2^(-λ·Δt) (Δt in seconds), so λ = 5 sees about the last 0.2 s and λ = 0.01 the last ~100 s:
 *
 * - host: the sender address; 1-D stats (weight, mean, std) of frame sizes it sent;
 * - channel: sender -> receiver; 1-D stats of frame sizes, plus 2-D stats with the reverse direction
 *   (magnitude, radius, approximate covariance and correlation, as AfterImage's incStat_cov);
 * - jitter: the channel's inter-arrival times (weight, mean, std).
 *
 * Kitsune emits one vector per packet; here the flow table emits one row per flow, so each row is the
 * state of the flow's originator host and orig -> resp channel after the flow's last packet
 * (as of emission: later packets of the same hosts may already have moved it). Kitsune's MAC-IP host
 * and socket (IP:port) streams are left out.
 *
 * State is per host and per channel, not per flow; it is kept in Maps and swept: entries silent for
 * longer than `forgetSeconds` are dropped, and beyond `maxEntries` the stalest quarter goes.
 */
import type { Flow } from '../../records/flow.js';
import type { FeatureSchema } from '../../records/feature-batch.js';
import type { Packet } from '../../records/packet.js';
import type { FlowFeatureExtractor } from '../extractor.js';

export const DEFAULT_LAMBDAS: readonly number[] = [5, 3, 1, 0.1, 0.01];

const STATS = ['host_w', 'host_mean', 'host_std', 'chan_w', 'chan_mean', 'chan_std', 'chan_magnitude', 'chan_radius', 'chan_cov', 'chan_pcc', 'jit_w', 'jit_mean', 'jit_std'] as const;

export function dampedSchema(lambdas: readonly number[]): FeatureSchema {
  return {
    name: 'damped-afterimage',
    version: '1',
    columns: lambdas.flatMap((l) => STATS.map((s) => `${s}_L${l}`)),
  };
}

export interface DampedOptions {
  lambdas: readonly number[];
  /** Drop a host/channel silent this long. @default 1000 (weight 2^-10 at λ = 0.01) */
  forgetSeconds: number;
  /** Most hosts + channels kept. @default 200_000 */
  maxEntries: number;
}

// 1-D stream state per λ: weight, linear sum, squared sum, last time (s).
const W = 0;
const LS = 1;
const SS = 2;
const T = 3;
const ONE_D = 4;

/** A host: ONE_D per λ. */
interface HostState {
  last: number;
  s: Float64Array;
}

/**
 * A channel a -> b (one direction; its reverse is another entry). Per λ: ONE_D size stats,
 * ONE_D jitter stats, then the 2-D part: residual product sum, its weight, last residual, last time.
 */
const CH_SIZE = 0;
const CH_JIT = ONE_D;
const CH_SR = 2 * ONE_D;
const CH_SRW = CH_SR + 1;
const CH_RES = CH_SR + 2;
const CH_SRT = CH_SR + 3;
const CH = CH_SR + 4;

interface ChannelState {
  last: number;
  lastArrival: number;
  s: Float64Array;
}

export class DampedExtractor implements FlowFeatureExtractor {
  readonly schema: FeatureSchema;
  private readonly lambdas: Float64Array;
  private readonly options: DampedOptions;
  private readonly hosts = new Map<string, HostState>();
  private readonly channels = new Map<string, ChannelState>();
  private sinceSweep = 0;

  constructor(options: Partial<DampedOptions> = {}) {
    this.options = { lambdas: DEFAULT_LAMBDAS, forgetSeconds: 1000, maxEntries: 200_000, ...options };
    this.lambdas = Float64Array.from(this.options.lambdas);
    this.schema = dampedSchema(this.options.lambdas);
  }

  resize(): void {}
  onStart(): void {}
  onEnd(): void {}

  onPacket(_slot: number, pkt: Packet, _fromOrig: boolean): void {
    const src = pkt.srcIp!;
    const dst = pkt.dstIp!;
    const t = pkt.tsMicros / 1e6;
    const size = pkt.wireLength;
    const L = this.lambdas;
    let host = this.hosts.get(src);
    if (host === undefined) {
      host = { last: t, s: new Float64Array(L.length * ONE_D) };
      this.hosts.set(src, host);
    }
    host.last = t;
    for (let i = 0; i < L.length; i++) update1d(host.s, i * ONE_D, L[i]!, t, size);

    const ch = this.channel(src, dst, t);
    const rev = this.channels.get(`${dst}>${src}`);
    for (let i = 0; i < L.length; i++) {
      const b = i * CH;
      const lambda = L[i]!;
      update1d(ch.s, b + CH_SIZE, lambda, t, size);
      if (ch.lastArrival >= 0) update1d(ch.s, b + CH_JIT, lambda, t, t - ch.lastArrival);
      // 2-D: residual of this packet times the reverse direction's last residual (AfterImage's incStat_cov).
      const res = size - ch.s[b + CH_SIZE + LS]! / ch.s[b + CH_SIZE + W]!;
      const f = decay(lambda, t - ch.s[b + CH_SRT]!);
      ch.s[b + CH_SR]! *= f;
      ch.s[b + CH_SRW]! *= f;
      ch.s[b + CH_SRT] = t;
      ch.s[b + CH_RES] = res;
      if (rev !== undefined) {
        ch.s[b + CH_SR]! += res * rev.s[b + CH_RES]!;
        ch.s[b + CH_SRW]! += 1;
      }
    }
    ch.lastArrival = t;
    ch.last = t;
    if (++this.sinceSweep >= 65536) this.sweep(t);
  }

  write(_slot: number, flow: Flow, out: Float32Array, o: number): void {
    const host = this.hosts.get(flow.origIp);
    const ch = this.channels.get(`${flow.origIp}>${flow.respIp}`);
    const rev = this.channels.get(`${flow.respIp}>${flow.origIp}`);
    const L = this.lambdas;
    let k = o;
    for (let i = 0; i < L.length; i++) {
      const hb = i * ONE_D;
      const cb = i * CH;
      k = put1d(out, k, host?.s, hb);
      k = put1d(out, k, ch?.s, cb + CH_SIZE);
      // magnitude and radius over both directions' means and variances
      const [, ma, va] = moments(ch?.s, cb + CH_SIZE);
      const [, mb, vb] = moments(rev?.s, cb + CH_SIZE);
      out[k++] = Math.sqrt(ma * ma + mb * mb);
      out[k++] = Math.sqrt(va + vb);
      const srw = ch?.s[cb + CH_SRW] ?? 0;
      const cov = srw > 0 ? ch!.s[cb + CH_SR]! / srw : 0;
      out[k++] = cov;
      const sd = Math.sqrt(va) * Math.sqrt(vb);
      out[k++] = sd > 0 ? cov / sd : 0;
      k = put1d(out, k, ch?.s, cb + CH_JIT);
    }
  }

  private channel(src: string, dst: string, t: number): ChannelState {
    const key = `${src}>${dst}`;
    let ch = this.channels.get(key);
    if (ch === undefined) {
      ch = { last: t, lastArrival: -1, s: new Float64Array(this.lambdas.length * CH) };
      for (let i = 0; i < this.lambdas.length; i++) ch.s[i * CH + CH_SRT] = t;
      this.channels.set(key, ch);
    }
    return ch;
  }

  private sweep(now: number): void {
    this.sinceSweep = 0;
    const cutoff = now - this.options.forgetSeconds;
    for (const map of [this.hosts, this.channels] as Map<string, { last: number }>[]) {
      for (const [k, v] of map) if (v.last < cutoff) map.delete(k);
    }
    const total = this.hosts.size + this.channels.size;
    if (total > this.options.maxEntries) {
      const lasts = [...this.hosts.values(), ...this.channels.values()].map((v) => v.last).sort((a, b) => a - b);
      const cut = lasts[Math.floor(lasts.length / 4)]!;
      for (const map of [this.hosts, this.channels] as Map<string, { last: number }>[]) {
        for (const [k, v] of map) if (v.last <= cut) map.delete(k);
      }
    }
  }
}

function decay(lambda: number, dt: number): number {
  return dt > 0 ? Math.pow(2, -lambda * dt) : 1;
}

function update1d(s: Float64Array, b: number, lambda: number, t: number, v: number): void {
  const f = s[b + W] === 0 ? 1 : decay(lambda, t - s[b + T]!);
  s[b + W] = s[b + W]! * f + 1;
  s[b + LS] = s[b + LS]! * f + v;
  s[b + SS] = s[b + SS]! * f + v * v;
  s[b + T] = t;
}

/** weight, mean, variance of a 1-D stream (zeros when absent). */
function moments(s: Float64Array | undefined, b: number): [number, number, number] {
  if (s === undefined) return [0, 0, 0];
  const w = s[b + W]!;
  if (w <= 0) return [0, 0, 0];
  const mean = s[b + LS]! / w;
  return [w, mean, Math.max(0, s[b + SS]! / w - mean * mean)];
}

function put1d(out: Float32Array, k: number, s: Float64Array | undefined, b: number): number {
  const [w, mean, variance] = moments(s, b);
  out[k] = w;
  out[k + 1] = mean;
  out[k + 2] = Math.sqrt(variance);
  return k + 3;
}
