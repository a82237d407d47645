/**
 * The two sliding windows of KDD's traffic features: connections in the past 2 seconds, and the
 * past N connections. Both keep running counts per destination host, per service, per
 * (host, service) and per (host, source port), so adding or dropping a connection is O(1) and a
 * SYN flood does not make feature extraction quadratic.
 */
import type { KddFlag } from '../../records/flow.js';

/** SYN errors and REJ errors, as the NSL-KDD rows with count = 1 show them (serror/rerror = 1 exactly for these flags). */
export function isSynError(flag: KddFlag): boolean {
  return flag === 'S0' || flag === 'S1' || flag === 'S2' || flag === 'S3' || flag === 'SH';
}
export function isRejError(flag: KddFlag): boolean {
  return flag === 'REJ' || flag === 'RSTO' || flag === 'RSTR' || flag === 'RSTOS0';
}

export interface WindowEntry {
  startMicros: number;
  host: string;
  service: string;
  srcPort: number;
  serror: boolean;
  rerror: boolean;
}

interface Tally {
  n: number;
  serror: number;
  rerror: number;
}

/** What a window says about the connection just added to it. */
export interface WindowView {
  /** Connections to the same destination host (this one included). */
  host: Tally;
  /** Connections to the same service, any host. */
  service: Tally;
  /** Connections to the same host and service. */
  hostService: number;
  /** Connections to the same host from the same source port. */
  hostSrcPort: number;
}

export class ConnectionWindow {
  private readonly entries: (WindowEntry | undefined)[] = [];
  private headAt = 0;
  private readonly byHost = new Map<string, Tally>();
  private readonly byService = new Map<string, Tally>();
  private readonly byHostService = new Map<string, number>();
  private readonly byHostSrcPort = new Map<string, number>();

  get size(): number {
    return this.entries.length - this.headAt;
  }

  /** The oldest entry still in the window. */
  oldest(): WindowEntry | undefined {
    return this.entries[this.headAt];
  }

  add(e: WindowEntry): WindowView {
    this.entries.push(e);
    const host = bump(this.byHost, e.host, e, 1);
    const service = bump(this.byService, e.service, e, 1);
    const hostService = count(this.byHostService, `${e.host}|${e.service}`, 1);
    const hostSrcPort = count(this.byHostSrcPort, `${e.host}|${e.srcPort}`, 1);
    return { host: { ...host }, service: { ...service }, hostService, hostSrcPort };
  }

  dropOldest(): void {
    const e = this.entries[this.headAt];
    if (e === undefined) return;
    this.entries[this.headAt++] = undefined;
    bump(this.byHost, e.host, e, -1);
    bump(this.byService, e.service, e, -1);
    count(this.byHostService, `${e.host}|${e.service}`, -1);
    count(this.byHostSrcPort, `${e.host}|${e.srcPort}`, -1);
    // Compact now and then so the array does not grow without end.
    if (this.headAt > 1024 && this.headAt * 2 > this.entries.length) {
      this.entries.splice(0, this.headAt);
      this.headAt = 0;
    }
  }
}

function bump(map: Map<string, Tally>, key: string, e: WindowEntry, by: 1 | -1): Tally {
  let t = map.get(key);
  if (t === undefined) {
    t = { n: 0, serror: 0, rerror: 0 };
    map.set(key, t);
  }
  t.n += by;
  if (e.serror) t.serror += by;
  if (e.rerror) t.rerror += by;
  if (t.n === 0) map.delete(key);
  return t;
}

function count(map: Map<string, number>, key: string, by: 1 | -1): number {
  const n = (map.get(key) ?? 0) + by;
  if (n === 0) map.delete(key);
  else map.set(key, n);
  return n;
}
