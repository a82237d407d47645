/** Transport layers: TCP (flags, seq/ack, window, options), UDP, ICMP, ICMPv6; then light app naming. */
import { u16 as importedU16, u32 as importedU32, view as importedView } from './bytes.js';
import { addAnomaly as importedAddAnomaly, type DecodeContext } from './packet-init.js';
import { nameApplication as importedNameApplication } from './app/index.js';
import { protoName as importedProtoName } from './proto-name.js';

// Module-local aliases: under tsx every use of an imported binding is a getter call,
// which costs measurably on this per-packet path.
const u16 = importedU16;
const u32 = importedU32;
const view = importedView;
const addAnomaly = importedAddAnomaly;
const nameApplication = importedNameApplication;
const protoName = importedProtoName;

const TCP_OPT_END = 0;
const TCP_OPT_NOP = 1;
const TCP_OPT_MSS = 2;
const TCP_OPT_WSCALE = 3;

export function decodeTransport(ctx: DecodeContext, ipProto: number, at: number, end: number): void {
  const pkt = ctx.pkt;
  pkt.proto = protoName(ipProto);
  switch (ipProto) {
    case 6:
      return decodeTcp(ctx, at, end);
    case 17:
      return decodeUdp(ctx, at, end);
    case 1:
    case 58:
      return decodeIcmp(ctx, at, end);
    default:
      pkt.payloadLength = end > at ? end - at : 0;
  }
}

function setPayload(ctx: DecodeContext, start: number, end: number): void {
  if (end <= start) return;
  ctx.pkt.payloadLength = end - start;
  if (!ctx.payload) return;
  ctx.pkt.payload = view(ctx.data, start, end);
  nameApplication(ctx, start, end);
}

function decodeTcp(ctx: DecodeContext, at: number, end: number): void {
  const d = ctx.data;
  const pkt = ctx.pkt;
  if (end - at < 20) return addAnomaly(ctx, 'tcp.truncated', at);
  pkt.srcPort = u16(d, at);
  pkt.dstPort = u16(d, at + 2);
  pkt.tcpSeq = u32(d, at + 4);
  pkt.tcpAck = u32(d, at + 8);
  const offsetByte = d[at + 12] as number;
  pkt.tcpFlags = (d[at + 13] as number) | ((offsetByte & 0x01) << 8);
  pkt.tcpWindow = u16(d, at + 14);
  const headerLen = (offsetByte >> 4) * 4;
  if (headerLen < 20) return addAnomaly(ctx, 'tcp.bad-data-offset', at + 12);
  if (end - at < headerLen) return addAnomaly(ctx, 'tcp.options-truncated', at + 20);
  if (headerLen > 20) decodeTcpOptions(ctx, at + 20, at + headerLen);
  setPayload(ctx, at + headerLen, end);
}

function decodeTcpOptions(ctx: DecodeContext, at: number, end: number): void {
  const d = ctx.data;
  let p = at;
  while (p < end) {
    const kind = d[p] as number;
    if (kind === TCP_OPT_END) return;
    if (kind === TCP_OPT_NOP) {
      p++;
      continue;
    }
    if (p + 1 >= end) return addAnomaly(ctx, 'tcp.bad-option', p);
    const len = d[p + 1] as number;
    if (len < 2 || p + len > end) return addAnomaly(ctx, 'tcp.bad-option', p);
    if (kind === TCP_OPT_MSS && len === 4) ctx.pkt.tcpMss = u16(d, p + 2);
    else if (kind === TCP_OPT_WSCALE && len === 3) ctx.pkt.tcpWindowScale = d[p + 2] as number;
    p += len;
  }
}

function decodeUdp(ctx: DecodeContext, at: number, end: number): void {
  const d = ctx.data;
  const pkt = ctx.pkt;
  if (end - at < 8) return addAnomaly(ctx, 'udp.truncated', at);
  pkt.srcPort = u16(d, at);
  pkt.dstPort = u16(d, at + 2);
  const udpLen = u16(d, at + 4);
  let l4End = end;
  // Length 0 is legal for UDP jumbograms over IPv6 and in TSO/GSO captures: trust the capture then.
  if (udpLen !== 0 && udpLen < 8) addAnomaly(ctx, 'udp.bad-length', at + 4);
  else if (udpLen >= 8 && at + udpLen < end) l4End = at + udpLen;
  setPayload(ctx, at + 8, l4End);
}

function decodeIcmp(ctx: DecodeContext, at: number, end: number): void {
  const d = ctx.data;
  const pkt = ctx.pkt;
  if (end - at < 4) return addAnomaly(ctx, 'icmp.truncated', at);
  pkt.icmpType = d[at] as number;
  pkt.icmpCode = d[at + 1] as number;
  // Every ICMP/ICMPv6 message has a 4-byte "rest of header" after type, code and checksum.
  if (end - at >= 8) {
    pkt.payloadLength = end - at - 8;
    if (pkt.payloadLength > 0 && ctx.payload) pkt.payload = view(d, at + 8, end);
  }
}
