/**
 * FlowIndex: the flow table's 5-tuple -> slot lookup, written by hand because a Map<string, number>
 * keyed by a concatenated tuple string cost about 320 bytes a flow on the heap (the key string, its
 * rope, the Map entry) and a string build per packet; 1M flows would not fit in the memory budget.
 *
 * Open addressing with linear probing over an Int32Array of slot numbers; the key parts live in
 * per-slot arrays (addresses as the decoder's strings, ports and protocol as integers), so a flow
 * costs two string references plus a few bytes. Deletion shifts later entries back (no tombstones).
 * The key is canonical: endpoint A is the lesser (address, port), so both directions find the flow.
 */
const EMPTY = -1;

export function hashKey(proto: number, ipA: string, portA: number, ipB: string, portB: number): number {
  let h = Math.imul(proto ^ 0x811c9dc5, 0x01000193);
  h = mixString(h, ipA);
  h = Math.imul(h ^ portA, 0x01000193);
  h = mixString(h, ipB);
  h = Math.imul(h ^ portB, 0x01000193);
  return avalanche(h);
}

/** Final avalanche (murmur3 fmix32) so linear probing sees well-spread low bits. */
function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/**
 * The same kind of hash over addresses the decoder already holds as 32-bit numbers (an IPv4
 * address, or a hash of an IPv6 one): no walk over the address text. A flow must be hashed one
 * way throughout; decoded packets always carry the numbers, hand-built ones never do.
 */
export function hashNumericKey(proto: number, keyA: number, portA: number, keyB: number, portB: number): number {
  let h = Math.imul(proto ^ 0x811c9dc5, 0x01000193);
  h = Math.imul(h ^ keyA, 0x01000193);
  h = (h << 13) | (h >>> 19);
  h = Math.imul(h ^ portA, 0x01000193);
  h = Math.imul(h ^ keyB, 0x01000193);
  h = (h << 13) | (h >>> 19);
  h = Math.imul(h ^ portB, 0x01000193);
  return avalanche(h);
}

/**
 * FNV-style over 32-bit words of four characters (address strings are ASCII, a byte each): the
 * per-packet cost is the loop, so a quarter of the steps of one per character. The rotation
 * brings the high bytes down for the next word. Each step is a bijection of h for a fixed word,
 * so keys that differ in one word never collide.
 */
function mixString(h: number, s: string): number {
  const n = s.length;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const w = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24);
    h = Math.imul(h ^ w, 0x01000193);
    h = (h << 13) | (h >>> 19);
  }
  let w = n; // the length ends the string, so "1.2" + port and "1.23" + port do not share a state
  for (let shift = 8; i < n; i++, shift += 8) w |= s.charCodeAt(i) << shift;
  return Math.imul(h ^ w, 0x01000193);
}

export class FlowIndex {
  ipA: (string | undefined)[] = [];
  ipB: (string | undefined)[] = [];
  portA = new Uint16Array(0);
  portB = new Uint16Array(0);
  /** Protocol key: index of tcp/udp/icmp/icmp6, or 10 + IP protocol number for others. */
  protoKey = new Uint16Array(0);
  private hashes = new Int32Array(0);
  private buckets = new Int32Array(0);
  private mask = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The slot holding this key, or -1. */
  find(hash: number, proto: number, ipA: string, portA: number, ipB: string, portB: number): number {
    const buckets = this.buckets;
    const mask = this.mask;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const s = buckets[i]!;
      if (s === EMPTY) return EMPTY;
      if (
        this.hashes[s] === hash &&
        this.portA[s] === portA &&
        this.portB[s] === portB &&
        this.protoKey[s] === proto &&
        this.ipA[s] === ipA &&
        this.ipB[s] === ipB
      ) {
        return s;
      }
    }
  }

  /** Store the key for `slot` (which must be free) and index it. */
  insert(slot: number, hash: number, proto: number, ipA: string, portA: number, ipB: string, portB: number): void {
    this.ipA[slot] = ipA;
    this.ipB[slot] = ipB;
    this.portA[slot] = portA;
    this.portB[slot] = portB;
    this.protoKey[slot] = proto;
    this.hashes[slot] = hash;
    this.place(slot, hash);
    this.count++;
  }

  remove(slot: number): void {
    const buckets = this.buckets;
    const mask = this.mask;
    let i = this.hashes[slot]! & mask;
    while (buckets[i] !== slot) i = (i + 1) & mask;
    // Backward-shift deletion: pull later entries of the probe run into the hole when their home allows.
    for (let j = (i + 1) & mask; buckets[j] !== EMPTY; j = (j + 1) & mask) {
      const home = this.hashes[buckets[j]!]! & mask;
      const between = i <= j ? i < home && home <= j : i < home || home <= j;
      if (between) continue;
      buckets[i] = buckets[j]!;
      i = j;
    }
    buckets[i] = EMPTY;
    this.ipA[slot] = undefined;
    this.ipB[slot] = undefined;
    this.count--;
  }

  /** Make room for slots [0, capacity); rehashes into a table at most half full. */
  resize(capacity: number): void {
    const old = this.portA.length;
    const copy = <T extends Uint16Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a as never);
      return b;
    };
    this.portA = copy(this.portA, (n) => new Uint16Array(n));
    this.portB = copy(this.portB, (n) => new Uint16Array(n));
    this.protoKey = copy(this.protoKey, (n) => new Uint16Array(n));
    this.hashes = copy(this.hashes, (n) => new Int32Array(n));
    // Packed arrays filled with undefined: setting `length` instead can make a large array a slow dictionary.
    const grow = (a: (string | undefined)[]): (string | undefined)[] => {
      const b = new Array<string | undefined>(capacity).fill(undefined);
      for (let i = 0; i < old; i++) b[i] = a[i];
      return b;
    };
    this.ipA = grow(this.ipA);
    this.ipB = grow(this.ipB);
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.buckets = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
    for (let s = 0; s < old; s++) if (this.ipA[s] !== undefined) this.place(s, this.hashes[s]!);
  }

  private place(slot: number, hash: number): void {
    const mask = this.mask;
    let i = hash & mask;
    while (this.buckets[i] !== EMPTY) i = (i + 1) & mask;
    this.buckets[i] = slot;
  }
}
