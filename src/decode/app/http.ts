/** HTTP/1.x: recognise a request line or a status line; take the Host header from a request. */
import { latin1 as importedLatin1, startsWithAscii as importedStartsWithAscii } from '../bytes.js';

// Module-local aliases: under tsx every use of an imported binding is a getter call,
// which costs measurably on this per-packet path.
const latin1 = importedLatin1;
const startsWithAscii = importedStartsWithAscii;

const METHODS = ['GET ', 'POST ', 'HEAD ', 'PUT ', 'DELETE ', 'OPTIONS ', 'CONNECT ', 'PATCH ', 'TRACE '];
/** Only the head of the message is searched; headers past this are not worth the time. */
const MAX_SCAN = 2048;

export interface HttpInfo {
  host?: string;
}

export function parseHttp(d: Uint8Array, start: number, end: number): HttpInfo | undefined {
  const first = d[start] as number;
  if (first === 0x48 /* 'H' */ && startsWithAscii(d, start, end, 'HTTP/1.')) return {};
  if (first < 0x41 || first > 0x5a) return undefined;
  if (!METHODS.some((m) => startsWithAscii(d, start, end, m))) return undefined;
  const limit = Math.min(end, start + MAX_SCAN);
  // Find "\r\nHost:" case-insensitively.
  for (let i = start; i + 7 < limit; i++) {
    if (d[i] !== 0x0d || d[i + 1] !== 0x0a) continue;
    const h = (d[i + 2] as number) | 0x20;
    if (h !== 0x68 || ((d[i + 3] as number) | 0x20) !== 0x6f || ((d[i + 4] as number) | 0x20) !== 0x73)
      continue;
    if (((d[i + 5] as number) | 0x20) !== 0x74 || d[i + 6] !== 0x3a) continue;
    let s = i + 7;
    while (s < limit && (d[s] === 0x20 || d[s] === 0x09)) s++;
    let e = s;
    while (e < limit && d[e] !== 0x0d && d[e] !== 0x0a) e++;
    return e > s ? { host: latin1(d, s, e).trim() } : {};
  }
  return {};
}
