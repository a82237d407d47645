/**
 * PairCounter: counts per (small integer, port) pair, for the host window's "same host, same
 * source port" count. Written by hand because a Map per host, with a port added and deleted for
 * every connection, was a measurable share of the per-flow cost (and its deleted entries made
 * garbage). Open addressing with linear probing over typed arrays.
 *
 * A pair keeps its slot while it is in the table, so the owner can note the slot of each counted
 * connection and take it away later with no hashing or probing (`remove(slot)`). A pair whose count
 * falls to 0 stays put (removing it would move its neighbours' slots). When such dead pairs crowd
 * the table, the owner calls `reset` and adds its live connections again, noting their new slots.
 */
const EMPTY = -1;
const MIN_CAPACITY = 64;

export class PairCounter {
  private ids = new Int32Array(MIN_CAPACITY).fill(EMPTY);
  private ports = new Uint16Array(MIN_CAPACITY);
  private counts = new Int32Array(MIN_CAPACITY);
  private mask = MIN_CAPACITY - 1;
  /** Slots taken, by live pairs and by dead ones (count 0) alike. */
  private used = 0;

  /** Count one more of (id, port); returns the pair's slot, valid until the next `reset`. */
  add(id: number, port: number): number {
    const ids = this.ids;
    const mask = this.mask;
    let i = hash(id, port) & mask;
    for (;;) {
      const at = ids[i]!;
      if (at === id && this.ports[i] === port) {
        this.counts[i]!++;
        return i;
      }
      if (at === EMPTY) break;
      i = (i + 1) & mask;
    }
    ids[i] = id;
    this.ports[i] = port;
    this.counts[i] = 1;
    this.used++;
    // A safety net: the owner resets at half full (see `crowded`), so this never runs for it.
    if (this.used * 4 > (mask + 1) * 3) this.grow();
    return this.slotOf(id, port, i);
  }

  /** One fewer of the pair in `slot` (from `add`, since the last `reset`). */
  remove(slot: number): void {
    this.counts[slot]!--;
  }

  /** The pair's count (0 for a dead pair). */
  count(slot: number): number {
    return this.counts[slot]!;
  }

  /**
   * True when the table is half full (of live and dead pairs): time for the owner to `reset` and
   * add its live pairs again, so probes stay short.
   */
  get crowded(): boolean {
    return this.used * 2 > this.mask + 1;
  }

  /**
   * Forget every pair. The table is sized so that the `livePairs` added again fill at most a quarter
   * of it: at least as many adds again before it is crowded, so recounting costs O(1) an add.
   */
  reset(livePairs: number): void {
    let size = MIN_CAPACITY;
    while (size < livePairs * 4) size *= 2;
    if (size !== this.ids.length) {
      this.ids = new Int32Array(size);
      this.ports = new Uint16Array(size);
      this.counts = new Int32Array(size);
      this.mask = size - 1;
    }
    this.ids.fill(EMPTY);
    this.used = 0;
  }

  /** Where (id, port) sits; `hint` if the table has not been rebuilt since it was placed there. */
  private slotOf(id: number, port: number, hint: number): number {
    if (this.ids[hint] === id && this.ports[hint] === port) return hint;
    const mask = this.mask;
    let i = hash(id, port) & mask;
    while (this.ids[i] !== id || this.ports[i] !== port) i = (i + 1) & mask;
    return i;
  }

  /**
   * Only reached when an owner adds pairs without ever calling `reset` (the window always does):
   * doubling moves every pair, so slots handed out earlier are invalid after it.
   */
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
