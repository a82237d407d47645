/** Text forms of link and network addresses: dotted quad, RFC 5952 IPv6, colon-separated MAC. */

/**
 * Dotted quads are formatted per packet, twice, and traffic repeats addresses heavily: a small
 * direct-mapped cache turns most of them into a lookup instead of a new string (and less GC).
 */
const CACHE_BITS = 13;
const cacheKeys = new Int32Array(1 << CACHE_BITS).fill(-1);
const cacheValid = new Uint8Array(1 << CACHE_BITS);
const cacheStrings: string[] = new Array<string>(1 << CACHE_BITS).fill('');

export function ipv4String(d: Uint8Array, at: number): string {
  return ipv4Text(ipv4Key(d, at));
}

/** The IPv4 address at `at` as a number (its 4 bytes big-endian, as a signed 32-bit integer). */
export function ipv4Key(d: Uint8Array, at: number): number {
  return ((d[at] as number) << 24) | ((d[at + 1] as number) << 16) | ((d[at + 2] as number) << 8) | (d[at + 3] as number);
}

/** The dotted quad of an ipv4Key. */
export function ipv4Text(key: number): string {
  const slot = Math.imul(key, 0x9e3779b1) >>> (32 - CACHE_BITS);
  if (cacheValid[slot] === 1 && cacheKeys[slot] === key) return cacheStrings[slot] as string;
  const text = `${key >>> 24}.${(key >>> 16) & 255}.${(key >>> 8) & 255}.${key & 255}`;
  cacheKeys[slot] = key;
  cacheValid[slot] = 1;
  cacheStrings[slot] = text;
  return text;
}

/**
 * A 32-bit hash of the IPv6 address at `at` (its four words mixed): equal addresses get equal keys,
 * so a flow table can hash the number instead of the text (and compare the text to be sure).
 */
export function ipv6Key(d: Uint8Array, at: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < 16; i += 4) h = Math.imul(h ^ ipv4Key(d, at + i), 0x01000193) ^ (h >>> 15);
  return h | 0;
}

/** RFC 5952: lowercase hex, no leading zeros, the longest run (>= 2) of zero groups as "::". */
export function ipv6String(d: Uint8Array, at: number): string {
  const groups: number[] = new Array<number>(8);
  for (let i = 0; i < 8; i++) groups[i] = ((d[at + 2 * i] as number) << 8) | (d[at + 2 * i + 1] as number);
  if (
    groups[0] === 0 &&
    groups[1] === 0 &&
    groups[2] === 0 &&
    groups[3] === 0 &&
    groups[4] === 0 &&
    groups[5] === 0xffff
  ) {
    return `::ffff:${ipv4String(d, at + 12)}`;
  }
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number): string =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':');
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLen, 8)}`;
}

export function macString(d: Uint8Array, at: number): string {
  let s = '';
  for (let i = 0; i < 6; i++) {
    const b = d[at + i] as number;
    s += (i > 0 ? ':' : '') + (b < 16 ? '0' : '') + b.toString(16);
  }
  return s;
}
