/** Big-endian reads and short strings from frame bytes. Callers check bounds first. */

export function u16(d: Uint8Array, at: number): number {
  return ((d[at] as number) << 8) | (d[at + 1] as number);
}

export function u32(d: Uint8Array, at: number): number {
  return (
    (((d[at] as number) << 24) |
      ((d[at + 1] as number) << 16) |
      ((d[at + 2] as number) << 8) |
      (d[at + 3] as number)) >>>
    0
  );
}

/** Bytes [start, end) as a latin1 string (ASCII protocols: banners, headers, DNS labels). */
export function latin1(d: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(d[i] as number);
  return s;
}

/** True when the bytes at `at` spell `ascii` exactly. */
export function startsWithAscii(d: Uint8Array, at: number, end: number, ascii: string): boolean {
  if (end - at < ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) {
    if (d[at + i] !== ascii.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Bytes [start, end) of `d` as a view (no copy): what d.subarray gives for a plain Uint8Array,
 * without subarray's species-constructor lookup, which cost ~30 ns a packet.
 */
export function view(d: Uint8Array, start: number, end: number): Uint8Array {
  return new Uint8Array(d.buffer, d.byteOffset + start, end - start);
}
