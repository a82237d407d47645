/**
 * IPv6 with its extension-header chain (hop-by-hop, routing, fragment, destination options, AH,
 * mobility, HIP, shim6). Stops at ESP or "no next header"; flags fragments like IPv4.
 */
import { ipv6Key as importedIpv6Key, ipv6String as importedIpv6String } from './addresses.js';
import { u16 as importedU16 } from './bytes.js';
import { addAnomaly as importedAddAnomaly, type DecodeContext } from './packet-init.js';
import { protoName as importedProtoName } from './proto-name.js';
import { decodeTransport as importedDecodeTransport } from './transport.js';

// Module-local aliases: under tsx every use of an imported binding is a getter call,
// which costs measurably on this per-packet path.
const ipv6Key = importedIpv6Key;
const ipv6String = importedIpv6String;
const u16 = importedU16;
const addAnomaly = importedAddAnomaly;
const protoName = importedProtoName;
const decodeTransport = importedDecodeTransport;

const MAX_EXTENSION_HEADERS = 16;
const NH_FRAGMENT = 44;
const NH_AH = 51;
const NH_NONE = 59;

function isGenericExtension(nh: number): boolean {
  return nh === 0 || nh === 43 || nh === 60 || nh === 135 || nh === 139 || nh === 140;
}

export function decodeIpv6(ctx: DecodeContext, at: number, end: number): void {
  const d = ctx.data;
  const pkt = ctx.pkt;
  if (end - at < 40) return addAnomaly(ctx, 'ipv6.truncated', at);
  if ((d[at] as number) >> 4 !== 6) return addAnomaly(ctx, 'ipv6.bad-version', at);
  pkt.ipVersion = 6;
  pkt.ttl = d[at + 7] as number;
  pkt.srcIpKey = ipv6Key(d, at + 8);
  pkt.dstIpKey = ipv6Key(d, at + 24);
  pkt.srcIp = ipv6String(d, at + 8);
  pkt.dstIp = ipv6String(d, at + 24);
  const payloadLen = u16(d, at + 4);
  // Payload length 0 means a jumbogram (or TSO capture): trust the captured length.
  const l3End = payloadLen !== 0 && at + 40 + payloadLen < end ? at + 40 + payloadLen : end;
  let next = d[at + 6] as number;
  let p = at + 40;
  for (let i = 0; i < MAX_EXTENSION_HEADERS; i++) {
    if (isGenericExtension(next) || next === NH_AH || next === NH_FRAGMENT) {
      if (l3End - p < 8) {
        pkt.ipProto = next;
        return addAnomaly(ctx, 'ipv6.extension-truncated', p);
      }
      const following = d[p] as number;
      let len: number;
      if (next === NH_FRAGMENT) {
        len = 8;
        const fo = u16(d, p + 2);
        if ((fo & 0xfff8) !== 0 || (fo & 1) !== 0) pkt.fragment = true;
        if ((fo & 0xfff8) !== 0) {
          pkt.ipProto = following;
          pkt.proto = protoName(following);
          pkt.payloadLength = l3End - p - 8;
          return;
        }
      } else if (next === NH_AH) len = ((d[p + 1] as number) + 2) * 4;
      else len = ((d[p + 1] as number) + 1) * 8;
      if (l3End - p < len) {
        pkt.ipProto = next;
        return addAnomaly(ctx, 'ipv6.extension-truncated', p);
      }
      next = following;
      p += len;
      continue;
    }
    pkt.ipProto = next;
    if (next === NH_NONE) return;
    return decodeTransport(ctx, next, p, l3End);
  }
  pkt.ipProto = next;
  addAnomaly(ctx, 'ipv6.too-many-extensions', p);
}
