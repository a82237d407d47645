/**
 * PairCounter: counts per (small integer, port) pair, for the host window's "same host, same
 * source port" count. Written by hand because a Map per host, with a port added and deleted for
 * every connection, was a measurable share of the per-flow cost (and its deleted entries made
 * garbage). Open addressing with linear probing over typed arrays; deletion shifts later entries
 * back (no tombstones); the table doubles when half full.
 */
const EMPTY = -1;

export class PairCounter {
  private ids = new Int32Array(64).fill(EMPTY);
  private ports = new Uint16Array(64);
  private counts = new Int32Array(64);
  private mask = 63;
  private used = 0;

  /** Add `by` (+1 or -1) to the pair's count and return the new count; a count of 0 is removed. */
  bump(id: number, port: number, by: 1 | -1): number {
    const ids = this.ids;
    const mask = this.mask;
    let i = hash(id, port) & mask;
    while (ids[i] !== EMPTY && (ids[i] !== id || this.ports[i] !== port)) i = (i + 1) & mask;
    if (ids[i] === EMPTY) {
      if (by < 0) return 0;
      ids[i] = id;
      this.ports[i] = port;
      this.counts[i] = 1;
      if (++this.used * 2 > mask) this.grow();
      return 1;
    }
    const n = (this.counts[i]! += by);
    if (n === 0) this.removeAt(i);
    return n;
  }

  private removeAt(at: number): void {
    const ids = this.ids;
    const mask = this.mask;
    let i = at;
    for (let j = (i + 1) & mask; ids[j] !== EMPTY; j = (j + 1) & mask) {
      const home = hash(ids[j]!, this.ports[j]!) & mask;
      const between = i <= j ? i < home && home <= j : i < home || home <= j;
      if (between) continue;
      ids[i] = ids[j]!;
      this.ports[i] = this.ports[j]!;
      this.counts[i] = this.counts[j]!;
      i = j;
    }
    ids[i] = EMPTY;
    this.used--;
  }

  private grow(): void {
    const oldIds = this.ids;
    const oldPorts = this.ports;
    const oldCounts = this.counts;
    const size = oldIds.length * 2;
    this.ids = new Int32Array(size).fill(EMPTY);
    this.ports = new Uint16Array(size);
    this.counts = new Int32Array(size);
    this.mask = size - 1;
    for (let k = 0; k < oldIds.length; k++) {
      const id = oldIds[k]!;
      if (id === EMPTY) continue;
      let i = hash(id, oldPorts[k]!) & this.mask;
      while (this.ids[i] !== EMPTY) i = (i + 1) & this.mask;
      this.ids[i] = id;
      this.ports[i] = oldPorts[k]!;
      this.counts[i] = oldCounts[k]!;
    }
  }
}

function hash(id: number, port: number): number {
  let h = Math.imul(Math.imul(id, 0x9e3779b1) ^ port, 0x85ebca6b);
  h ^= h >>> 16;
  return h;
}
