/**
 * The two sliding windows of KDD's traffic features: connections in the past 2 seconds, and the
 * past N connections. Both keep running counts per destination host, per service, per
 * (host, service) and per (host, source port), so adding or dropping a connection is O(1) and a
 * SYN flood does not make feature extraction quadratic. Composite counts hang off the host's
 * tally in small numeric Maps, so no key string is built per connection.
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
  /** Index of the service name (any stable small integer per name). */
  service: number;
  srcPort: number;
  serror: boolean;
  rerror: boolean;
}

export class Tally {
  n = 0;
  serror = 0;
  rerror = 0;
}

class HostTally extends Tally {
  readonly bySrcPort = new Map<number, number>();
  constructor(readonly byService: Int32Array) {
    super();
  }
}

export class ConnectionWindow {
  private readonly entries: (WindowEntry | undefined)[] = [];
  private headAt = 0;
  private readonly byHost = new Map<string, HostTally>();
  /** Per service index: services are few (71), so arrays instead of Maps. */
  private readonly byService: Tally[];

  /** After add(): what the window says about the connection just added (it included). */
  host: Tally = new Tally();
  service: Tally = new Tally();
  /** Connections to the same host and service. */
  hostService = 0;
  /** Connections to the same host from the same source port (0 unless tracked). */
  hostSrcPort = 0;

  /**
   * @param services number of service indexes (entries' `service` is below it)
   * @param trackSrcPorts keep the (host, source port) counts; only the host window's features need them.
   */
  constructor(
    private readonly services: number,
    private readonly trackSrcPorts: boolean,
  ) {
    this.byService = Array.from({ length: services }, () => new Tally());
  }

  get size(): number {
    return this.entries.length - this.headAt;
  }

  /** The oldest entry still in the window. */
  oldest(): WindowEntry | undefined {
    return this.entries[this.headAt];
  }

  add(e: WindowEntry): void {
    this.entries.push(e);
    let h = this.byHost.get(e.host);
    if (h === undefined) {
      h = new HostTally(new Int32Array(this.services));
      this.byHost.set(e.host, h);
    }
    tally(h, e, 1);
    const s = this.byService[e.service]!;
    tally(s, e, 1);
    this.host = h;
    this.service = s;
    this.hostService = ++h.byService[e.service]!;
    if (this.trackSrcPorts) this.hostSrcPort = bump(h.bySrcPort, e.srcPort, 1);
  }

  dropOldest(): void {
    const e = this.entries[this.headAt];
    if (e === undefined) return;
    this.entries[this.headAt++] = undefined;
    const h = this.byHost.get(e.host)!;
    tally(h, e, -1);
    h.byService[e.service]!--;
    if (this.trackSrcPorts) bump(h.bySrcPort, e.srcPort, -1);
    if (h.n === 0) this.byHost.delete(e.host);
    tally(this.byService[e.service]!, e, -1);
    // Compact now and then so the array does not grow without end.
    if (this.headAt > 1024 && this.headAt * 2 > this.entries.length) {
      this.entries.splice(0, this.headAt);
      this.headAt = 0;
    }
  }
}

function tally(t: Tally, e: WindowEntry, by: 1 | -1): void {
  t.n += by;
  if (e.serror) t.serror += by;
  if (e.rerror) t.rerror += by;
}

function bump(map: Map<number, number>, key: number, by: 1 | -1): number {
  const n = (map.get(key) ?? 0) + by;
  if (n === 0) map.delete(key);
  else map.set(key, n);
  return n;
}
