/**
 * The two sliding windows of KDD's traffic features: connections in the past 2 seconds, and the
 * past N connections. Both keep running counts per destination host, per service, per
 * (host, service) and per (host, source port), so adding or dropping a connection is O(1) and a
 * SYN flood does not make feature extraction quadratic.
 *
 * Everything is typed arrays: a host gets a small number (its id) when it enters the window, and
 * its counts sit at that index (its (host, service) counts at id * serviceCount + service); the
 * (host, source port) counts are in a PairCounter. The connections sit in a ring that holds, for
 * each, its host id and its pair's slot, so dropping one touches counts by index with no lookup.
 * Only a host's first connection into the window, and its last one out, touch the Map of names.
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

/** Connections, and how many of them were SYN errors and REJ errors. */
export class Tally {
  n = 0;
  serror = 0;
  rerror = 0;
}

const SERROR = 1;
const RERROR = 2;
const INITIAL_RING = 64;
const INITIAL_HOSTS = 16;

export class ConnectionWindow {
  // The ring: connection k of the window is at (head + k) & mask.
  private starts = new Float64Array(INITIAL_RING);
  private services = new Uint16Array(INITIAL_RING);
  private srcPorts = new Uint16Array(INITIAL_RING);
  private errors = new Uint8Array(INITIAL_RING);
  private hostOf = new Int32Array(INITIAL_RING);
  private pairOf = new Int32Array(INITIAL_RING);
  private head = 0;
  private count = 0;
  private mask = INITIAL_RING - 1;

  // Per host id.
  private readonly hostIds = new Map<string, number>();
  private hostNames: string[] = new Array<string>(INITIAL_HOSTS).fill('');
  private hostN: Int32Array = new Int32Array(INITIAL_HOSTS);
  private hostSerror: Int32Array = new Int32Array(INITIAL_HOSTS);
  private hostRerror: Int32Array = new Int32Array(INITIAL_HOSTS);
  /** (host, service) counts at id * serviceCount + service. */
  private hostServiceN: Int32Array;
  private readonly freeIds: number[] = [];
  private nextId = 0;

  // Per service index: services are few (71).
  private readonly serviceN: Int32Array;
  private readonly serviceSerror: Int32Array;
  private readonly serviceRerror: Int32Array;

  private readonly srcPortCounts = new PairCounter();

  /** After add(): what the window says about the connection just added (it included). */
  readonly host = new Tally();
  readonly service = new Tally();
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
    this.hostServiceN = new Int32Array(INITIAL_HOSTS * serviceCount);
    this.serviceN = new Int32Array(serviceCount);
    this.serviceSerror = new Int32Array(serviceCount);
    this.serviceRerror = new Int32Array(serviceCount);
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
    const i = (this.head + this.count) & this.mask;
    let id = this.hostIds.get(host);
    if (id === undefined) id = this.newHost(host);
    const hs = id * this.serviceCount + service;
    this.starts[i] = startMicros;
    this.services[i] = service;
    this.srcPorts[i] = srcPort;
    this.hostOf[i] = id;
    const hostN = ++this.hostN[id]!;
    const serviceN = ++this.serviceN[service]!;
    this.hostService = ++this.hostServiceN[hs]!;
    let e = 0;
    if (serror) {
      e = SERROR;
      this.hostSerror[id]!++;
      this.serviceSerror[service]!++;
    }
    if (rerror) {
      e |= RERROR;
      this.hostRerror[id]!++;
      this.serviceRerror[service]!++;
    }
    this.errors[i] = e;
    const h = this.host;
    h.n = hostN;
    h.serror = this.hostSerror[id]!;
    h.rerror = this.hostRerror[id]!;
    const s = this.service;
    s.n = serviceN;
    s.serror = this.serviceSerror[service]!;
    s.rerror = this.serviceRerror[service]!;
    if (this.trackSrcPorts) {
      const pairs = this.srcPortCounts;
      if (pairs.crowded) this.recountPairs();
      const slot = pairs.add(id, srcPort);
      this.pairOf[i] = slot;
      this.hostSrcPort = pairs.count(slot);
    }
    this.count++;
  }

  dropOldest(): void {
    if (this.count === 0) return;
    const i = this.head;
    this.head = (i + 1) & this.mask;
    this.count--;
    const id = this.hostOf[i]!;
    const service = this.services[i]!;
    const e = this.errors[i]!;
    this.hostServiceN[id * this.serviceCount + service]!--;
    this.serviceN[service]!--;
    if ((e & SERROR) !== 0) {
      this.hostSerror[id]!--;
      this.serviceSerror[service]!--;
    }
    if ((e & RERROR) !== 0) {
      this.hostRerror[id]!--;
      this.serviceRerror[service]!--;
    }
    if (this.trackSrcPorts) this.srcPortCounts.remove(this.pairOf[i]!);
    // A host with no connection left gives its id back; all its counts are 0 again.
    if (--this.hostN[id]! === 0) {
      this.hostIds.delete(this.hostNames[id]!);
      this.freeIds.push(id);
    }
  }

  private newHost(host: string): number {
    let id = this.freeIds.pop();
    if (id === undefined) {
      id = this.nextId++;
      if (id >= this.hostN.length) this.growHosts();
    }
    this.hostIds.set(host, id);
    this.hostNames[id] = host;
    return id;
  }

  private growHosts(): void {
    const size = this.hostN.length * 2;
    const more = (a: Int32Array, n: number): Int32Array => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.hostN = more(this.hostN, size);
    this.hostSerror = more(this.hostSerror, size);
    this.hostRerror = more(this.hostRerror, size);
    this.hostServiceN = more(this.hostServiceN, size * this.serviceCount);
    const names = new Array<string>(size).fill('');
    for (let k = 0; k < this.hostNames.length; k++) names[k] = this.hostNames[k]!;
    this.hostNames = names;
  }

  /** Drop the dead (host, source port) pairs: count the window's connections into a fresh table. */
  private recountPairs(): void {
    const pairs = this.srcPortCounts;
    pairs.reset(this.count + 1);
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) & this.mask;
      this.pairOf[i] = pairs.add(this.hostOf[i]!, this.srcPorts[i]!);
    }
  }

  private grow(): void {
    const size = (this.mask + 1) * 2;
    const order = (k: number): number => (this.head + k) & this.mask;
    const starts = new Float64Array(size);
    const services = new Uint16Array(size);
    const srcPorts = new Uint16Array(size);
    const errors = new Uint8Array(size);
    const hostOf = new Int32Array(size);
    const pairOf = new Int32Array(size);
    for (let k = 0; k < this.count; k++) {
      const i = order(k);
      starts[k] = this.starts[i]!;
      services[k] = this.services[i]!;
      srcPorts[k] = this.srcPorts[i]!;
      errors[k] = this.errors[i]!;
      hostOf[k] = this.hostOf[i]!;
      pairOf[k] = this.pairOf[i]!;
    }
    this.starts = starts;
    this.services = services;
    this.srcPorts = srcPorts;
    this.errors = errors;
    this.hostOf = hostOf;
    this.pairOf = pairOf;
    this.head = 0;
    this.mask = size - 1;
  }
}
