/** TLS: recognise a handshake record and pull server_name (SNI) out of a ClientHello (RFC 8446 4.1.2, RFC 6066 3). */
import { latin1 as importedLatin1, u16 as importedU16 } from '../bytes.js';

// Module-local aliases: under tsx every use of an imported binding is a getter call,
// which costs measurably on this per-packet path.
const latin1 = importedLatin1;
const u16 = importedU16;

const RECORD_HANDSHAKE = 0x16;
const HANDSHAKE_CLIENT_HELLO = 1;
const EXT_SERVER_NAME = 0;
const NAME_TYPE_HOST = 0;

export function looksLikeTlsRecord(d: Uint8Array, start: number, end: number): boolean {
  return (
    end - start >= 6 && d[start] === RECORD_HANDSHAKE && d[start + 1] === 3 && (d[start + 2] as number) <= 4
  );
}

/** SNI host name, or undefined when this is not a (complete enough) ClientHello carrying one. */
export function parseTlsClientHelloSni(d: Uint8Array, start: number, end: number): string | undefined {
  let p = start + 5;
  if (p + 4 > end || d[p] !== HANDSHAKE_CLIENT_HELLO) return undefined;
  p += 4 + 2 + 32; // handshake header, legacy_version, random
  if (p + 1 > end) return undefined;
  p += 1 + (d[p] as number); // session id
  if (p + 2 > end) return undefined;
  p += 2 + u16(d, p); // cipher suites
  if (p + 1 > end) return undefined;
  p += 1 + (d[p] as number); // compression methods
  if (p + 2 > end) return undefined;
  const extEnd = Math.min(end, p + 2 + u16(d, p));
  p += 2;
  while (p + 4 <= extEnd) {
    const type = u16(d, p);
    const len = u16(d, p + 2);
    p += 4;
    if (type === EXT_SERVER_NAME) return readServerName(d, p, Math.min(extEnd, p + len));
    p += len;
  }
  return undefined;
}

function readServerName(d: Uint8Array, p: number, end: number): string | undefined {
  if (p + 2 > end) return undefined;
  const listEnd = Math.min(end, p + 2 + u16(d, p));
  p += 2;
  while (p + 3 <= listEnd) {
    const nameType = d[p] as number;
    const len = u16(d, p + 1);
    p += 3;
    if (p + len > listEnd) return undefined;
    if (nameType === NAME_TYPE_HOST) return latin1(d, p, p + len);
    p += len;
  }
  return undefined;
}
