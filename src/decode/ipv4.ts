/** IPv4: addresses, TTL, fragments (flagged; only the first fragment's transport header is decoded). */
import { ipv4Key as importedIpv4Key, ipv4Text as importedIpv4Text } from './addresses.js';
import { u16 as importedU16 } from './bytes.js';
import { addAnomaly as importedAddAnomaly, type DecodeContext } from './packet-init.js';
import { decodeTransport as importedDecodeTransport } from './transport.js';
import { protoName as importedProtoName } from './proto-name.js';

// Module-local aliases: under tsx every use of an imported binding is a getter call,
// which costs measurably on this per-packet path.
const ipv4Key = importedIpv4Key;
const ipv4Text = importedIpv4Text;
const u16 = importedU16;
const addAnomaly = importedAddAnomaly;
const decodeTransport = importedDecodeTransport;
const protoName = importedProtoName;

const MORE_FRAGMENTS = 0x2000;
const FRAGMENT_OFFSET_MASK = 0x1fff;

export function decodeIpv4(ctx: DecodeContext, at: number, end: number): void {
  const d = ctx.data;
  const pkt = ctx.pkt;
  if (end - at < 20) return addAnomaly(ctx, 'ipv4.truncated', at);
  const first = d[at] as number;
  if (first >> 4 !== 4) return addAnomaly(ctx, 'ipv4.bad-version', at);
  const headerLen = (first & 0x0f) * 4;
  pkt.ipVersion = 4;
  pkt.ttl = d[at + 8] as number;
  pkt.ipProto = d[at + 9] as number;
  const src = ipv4Key(d, at + 12);
  const dst = ipv4Key(d, at + 16);
  pkt.srcIpKey = src;
  pkt.dstIpKey = dst;
  pkt.srcIp = ipv4Text(src);
  pkt.dstIp = ipv4Text(dst);
  if (headerLen < 20) return addAnomaly(ctx, 'ipv4.bad-header-length', at);
  if (end - at < headerLen) return addAnomaly(ctx, 'ipv4.truncated', at + 20);
  const totalLen = u16(d, at + 2);
  let l3End = end;
  if (totalLen < headerLen) addAnomaly(ctx, 'ipv4.bad-total-length', at + 2);
  else if (at + totalLen < end) l3End = at + totalLen; // drop link-layer padding
  const frag = u16(d, at + 6);
  const fragOffset = frag & FRAGMENT_OFFSET_MASK;
  if ((frag & MORE_FRAGMENTS) !== 0 || fragOffset !== 0) pkt.fragment = true;
  if (fragOffset !== 0) {
    // A later fragment: no transport header here; name the protocol only.
    pkt.proto = protoName(pkt.ipProto);
    pkt.payloadLength = l3End - at - headerLen;
    return;
  }
  decodeTransport(ctx, pkt.ipProto, at + headerLen, l3End);
}
