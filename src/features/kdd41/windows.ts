/**
 * The two sliding windows of KDD's traffic features: connections in the past 2 seconds, and the
 * past N connections. Both keep running counts per destination host, per service, per
 * (host, service) and per (host, source port), so adding or dropping a connection is O(1) and a
 * SYN flood does not make feature extraction quadratic. (Host, service) counts hang off the host's
 * tally, (host, source port) counts are in a PairCounter keyed by the tally's number, so no key
 * string is built per connection. The connections
 * themselves sit in a ring of typed arrays (no object per connection), each with a reference to
 * its host's tally, so dropping one needs no lookup.
 */
import type { KddFlag } from '../../records/flow.js';
import { PairCounter } from './pair-counter.js';

/** SYN errors and REJ errors, as the NSL-KDD rows with count = 1 show them (serror/rerror = 1 exactly for these flags). */
export function isSynError(flag: KddFlag): boolean {
  return flag === 'S0' || flag === 'S1' || flag === 'S2' || flag === 'S3' || flag === 'SH';
}
export function isRejError(flag: KddFlag): boolean {
  return flag === 'REJ' || flag === 'RSTO' || flag === 'RSTR' || flag === 'RSTOS0';
}

export class Tally {
  n = 0;
  serror = 0;
  rerror = 0;
}

class HostTally extends Tally {
  constructor(
    public host: string,
    /** Unique among the window's tallies: the key of its (host, source port) counts. */
    readonly id: number,
    readonly byService: Int32Array,
  ) {
    super();
  }
}

const SERROR = 1;
const RERROR = 2;
/** Emptied host tallies kept for reuse (a window over a scan sees hosts come and go). */
const SPARE_TALLIES = 256;

export class ConnectionWindow {
  // The ring: connection i of the window is at (head + i) & mask.
  private starts = new Float64Array(64);
  private services = new Uint16Array(64);
  private srcPorts = new Uint16Array(64);
  private errors = new Uint8Array(64);
  private hosts: (HostTally | undefined)[] = new Array<HostTally | undefined>(64).fill(undefined);
  private head = 0;
  private count = 0;
  private mask = 63;

  private readonly byHost = new Map<string, HostTally>();
  private readonly spare: HostTally[] = [];
  private nextHostId = 0;
  private readonly srcPortCounts = new PairCounter();
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
   * @param serviceCount number of service indexes (a connection's `service` is below it, and below 65536)
   * @param trackSrcPorts keep the (host, source port) counts; only the host window's features need them.
   */
  constructor(
    private readonly serviceCount: number,
    private readonly trackSrcPorts: boolean,
  ) {
    this.byService = Array.from({ length: serviceCount }, () => new Tally());
  }

  get size(): number {
    return this.count;
  }

  /** Start time of the oldest connection still in the window; Infinity when it is empty. */
  oldestStart(): number {
    return this.count === 0 ? Infinity : this.starts[this.head]!;
  }

  /**
   * Add a connection: when it started, its destination host, its service index, its source port,
   * and whether it is a SYN error / REJ error.
   */
  add(startMicros: number, host: string, service: number, srcPort: number, serror: boolean, rerror: boolean): void {
    if (this.count > this.mask) this.grow();
    const i = (this.head + this.count++) & this.mask;
    const errors = (serror ? SERROR : 0) | (rerror ? RERROR : 0);
    let h = this.byHost.get(host);
    if (h === undefined) {
      h = this.spare.pop();
      if (h === undefined) h = new HostTally(host, this.nextHostId++, new Int32Array(this.serviceCount));
      else h.host = host;
      this.byHost.set(host, h);
    }
    this.starts[i] = startMicros;
    this.services[i] = service;
    this.srcPorts[i] = srcPort;
    this.errors[i] = errors;
    this.hosts[i] = h;
    tally(h, errors, 1);
    const s = this.byService[service]!;
    tally(s, errors, 1);
    this.host = h;
    this.service = s;
    this.hostService = ++h.byService[service]!;
    if (this.trackSrcPorts) this.hostSrcPort = this.srcPortCounts.bump(h.id, srcPort, 1);
  }

  dropOldest(): void {
    if (this.count === 0) return;
    const i = this.head;
    const h = this.hosts[i]!;
    this.hosts[i] = undefined;
    this.head = (i + 1) & this.mask;
    this.count--;
    const errors = this.errors[i]!;
    const service = this.services[i]!;
    tally(h, errors, -1);
    h.byService[service]!--;
    if (this.trackSrcPorts) this.srcPortCounts.bump(h.id, this.srcPorts[i]!, -1);
    if (h.n === 0) {
      // Every count of an empty tally is back to 0, so it can serve another host.
      this.byHost.delete(h.host);
      if (this.spare.length < SPARE_TALLIES) this.spare.push(h);
    }
    tally(this.byService[service]!, errors, -1);
  }

  private grow(): void {
    const size = (this.mask + 1) * 2;
    const order = (k: number): number => (this.head + k) & this.mask;
    const starts = new Float64Array(size);
    const services = new Uint16Array(size);
    const srcPorts = new Uint16Array(size);
    const errors = new Uint8Array(size);
    const hosts = new Array<HostTally | undefined>(size).fill(undefined);
    for (let k = 0; k < this.count; k++) {
      const i = order(k);
      starts[k] = this.starts[i]!;
      services[k] = this.services[i]!;
      srcPorts[k] = this.srcPorts[i]!;
      errors[k] = this.errors[i]!;
      hosts[k] = this.hosts[i];
    }
    this.starts = starts;
    this.services = services;
    this.srcPorts = srcPorts;
    this.errors = errors;
    this.hosts = hosts;
    this.head = 0;
    this.mask = size - 1;
  }
}

function tally(t: Tally, errors: number, by: 1 | -1): void {
  t.n += by;
  if ((errors & SERROR) !== 0) t.serror += by;
  if ((errors & RERROR) !== 0) t.rerror += by;
}
