/** SSH: the identification string "SSH-protoversion-softwareversion [comments]" (RFC 4253 4.2). */
import { latin1 as importedLatin1, startsWithAscii as importedStartsWithAscii } from '../bytes.js';

// Module-local aliases: under tsx every use of an imported binding is a getter call,
// which costs measurably on this per-packet path.
const latin1 = importedLatin1;
const startsWithAscii = importedStartsWithAscii;

const MAX_BANNER = 255;

/** Returns the banner without its line end, e.g. "SSH-2.0-OpenSSH_9.2p1 Debian-2". */
export function parseSshBanner(d: Uint8Array, start: number, end: number): string | undefined {
  if (!startsWithAscii(d, start, end, 'SSH-')) return undefined;
  const limit = Math.min(end, start + MAX_BANNER);
  let e = start + 4;
  while (e < limit && d[e] !== 0x0d && d[e] !== 0x0a) {
    const c = d[e] as number;
    if (c < 0x20 || c > 0x7e) return undefined;
    e++;
  }
  return latin1(d, start, e);
}
