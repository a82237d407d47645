/** DNS: the first question's name (RFC 1035 4.1.2), following compression pointers a bounded number of times. */
import { u16 as importedU16 } from '../bytes.js';

// Module-local aliases: under tsx every use of an imported binding is a getter call,
// which costs measurably on this per-packet path.
const u16 = importedU16;

const HEADER_BYTES = 12;
const MAX_NAME_CHARS = 255;
const MAX_POINTER_JUMPS = 8;

export function parseDnsQueryName(d: Uint8Array, msg: number, end: number): string | undefined {
  if (end - msg < HEADER_BYTES + 1) return undefined;
  if (u16(d, msg + 4) === 0) return undefined; // no question
  let p = msg + HEADER_BYTES;
  let name = '';
  let jumps = 0;
  for (;;) {
    if (p >= end) return undefined;
    const len = d[p] as number;
    if (len === 0) break;
    if ((len & 0xc0) === 0xc0) {
      if (p + 1 >= end || ++jumps > MAX_POINTER_JUMPS) return undefined;
      p = msg + (((len & 0x3f) << 8) | (d[p + 1] as number));
      continue;
    }
    if ((len & 0xc0) !== 0 || p + 1 + len > end) return undefined;
    if (name.length + len + 1 > MAX_NAME_CHARS) return undefined;
    for (let i = p + 1; i <= p + len; i++) {
      const c = d[i] as number;
      if (c <= 0x20 || c >= 0x7f) return undefined;
    }
    name += (name.length > 0 ? '.' : '') + String.fromCharCode(...d.subarray(p + 1, p + 1 + len));
    p += 1 + len;
  }
  return name.length > 0 ? name : '.';
}
