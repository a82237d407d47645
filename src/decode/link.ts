/**
 * Link layers: find where the network layer starts and what it is. Ethernet (with 802.1Q/802.1ad
 * tags, QinQ, MPLS and PPPoE session inside), Linux cooked capture v1/v2, BSD loopback, raw IP.
 */
import { LinkType as importedLinkType } from '../acquisition/frame.js';
import { u16 as importedU16 } from './bytes.js';
import { addAnomaly as importedAddAnomaly, type DecodeContext } from './packet-init.js';
import { decodeArp as importedDecodeArp } from './arp.js';
import { decodeIpv4 as importedDecodeIpv4 } from './ipv4.js';
import { decodeIpv6 as importedDecodeIpv6 } from './ipv6.js';

// Module-local aliases: under tsx every use of an imported binding is a getter call,
// which costs measurably on this per-packet path.
const LinkType = importedLinkType;
const u16 = importedU16;
const addAnomaly = importedAddAnomaly;
const decodeArp = importedDecodeArp;
const decodeIpv4 = importedDecodeIpv4;
const decodeIpv6 = importedDecodeIpv6;

export const EtherType = {
  IPV4: 0x0800,
  ARP: 0x0806,
  VLAN: 0x8100,
  QINQ: 0x88a8,
  QINQ_OLD: 0x9100,
  IPV6: 0x86dd,
  MPLS: 0x8847,
  MPLS_MULTICAST: 0x8848,
  PPPOE_SESSION: 0x8864,
} as const;

const MAX_TAGS = 8;
const SLL_HEADER = 16;
const SLL2_HEADER = 20;

/** Positions are absolute in ctx.data; the frame is [ctx.base, ctx.end). */
export function decodeLink(ctx: DecodeContext, linkType: number): void {
  const d = ctx.data;
  const base = ctx.base;
  const length = ctx.end - base;
  switch (linkType) {
    case LinkType.ETHERNET:
      decodeEthernet(ctx);
      return;
    case LinkType.LINUX_SLL:
      if (length < SLL_HEADER) return addAnomaly(ctx, 'sll.truncated', base);
      return decodeEtherPayload(ctx, u16(d, base + 14), base + SLL_HEADER, 0);
    case LinkType.LINUX_SLL2:
      if (length < SLL2_HEADER) return addAnomaly(ctx, 'sll2.truncated', base);
      return decodeEtherPayload(ctx, u16(d, base), base + SLL2_HEADER, 0);
    case LinkType.NULL:
    case LinkType.LOOP:
      return decodeLoopback(ctx, linkType);
    case LinkType.RAW:
    case 12: // DLT_RAW on some BSDs
    case 14: // DLT_RAW on OpenBSD
    case LinkType.IPV4:
    case LinkType.IPV6:
      return decodeRawIp(ctx, base);
    default:
      addAnomaly(ctx, 'link.unsupported-type', base);
  }
}

function decodeEthernet(ctx: DecodeContext): void {
  const base = ctx.base;
  if (ctx.end - base < 14) return addAnomaly(ctx, 'eth.truncated', base);
  decodeEtherPayload(ctx, u16(ctx.data, base + 12), base + 14, 0);
}

/** Dispatch on an EtherType whose payload starts at `at`; `depth` bounds tag stacking. */
function decodeEtherPayload(ctx: DecodeContext, etherType: number, at: number, depth: number): void {
  const d = ctx.data;
  switch (etherType) {
    case EtherType.IPV4:
      return decodeIpv4(ctx, at, ctx.end);
    case EtherType.IPV6:
      return decodeIpv6(ctx, at, ctx.end);
    case EtherType.ARP:
      return decodeArp(ctx, at);
    case EtherType.VLAN:
    case EtherType.QINQ:
    case EtherType.QINQ_OLD:
      if (depth >= MAX_TAGS) return addAnomaly(ctx, 'vlan.too-many-tags', at);
      if (ctx.end < at + 4) return addAnomaly(ctx, 'vlan.truncated', at);
      // The outermost tag names the VLAN (for QinQ that is the service tag).
      if (ctx.pkt.vlan === undefined) ctx.pkt.vlan = u16(d, at) & 0x0fff;
      return decodeEtherPayload(ctx, u16(d, at + 2), at + 4, depth + 1);
    case EtherType.MPLS:
    case EtherType.MPLS_MULTICAST:
      return decodeMpls(ctx, at);
    case EtherType.PPPOE_SESSION:
      return decodePppoe(ctx, at);
    default:
      // 802.3 length fields (< 0x0600) and other EtherTypes carry no IP: nothing more to decode.
      return;
  }
}

function decodeMpls(ctx: DecodeContext, at: number): void {
  const d = ctx.data;
  for (let i = 0; i < MAX_TAGS; i++, at += 4) {
    if (ctx.end < at + 4) return addAnomaly(ctx, 'mpls.truncated', at);
    if (((d[at + 2] as number) & 0x01) !== 0) return decodeRawIp(ctx, at + 4);
  }
  addAnomaly(ctx, 'mpls.too-many-labels', at);
}

function decodePppoe(ctx: DecodeContext, at: number): void {
  const d = ctx.data;
  if (ctx.end < at + 8) return addAnomaly(ctx, 'pppoe.truncated', at);
  const pppProto = u16(d, at + 6);
  if (pppProto === 0x0021) decodeIpv4(ctx, at + 8, ctx.end);
  else if (pppProto === 0x0057) decodeIpv6(ctx, at + 8, ctx.end);
}

/** BSD loopback: a 4-byte address family, host byte order for NULL, network order for LOOP. */
function decodeLoopback(ctx: DecodeContext, linkType: number): void {
  const d = ctx.data;
  const b = ctx.base;
  if (ctx.end - b < 4) return addAnomaly(ctx, 'loopback.truncated', b);
  const be =
    (((d[b] as number) << 24) | ((d[b + 1] as number) << 16) | ((d[b + 2] as number) << 8) | (d[b + 3] as number)) >>>
    0;
  const le =
    (((d[b + 3] as number) << 24) | ((d[b + 2] as number) << 16) | ((d[b + 1] as number) << 8) | (d[b] as number)) >>>
    0;
  const family = linkType === LinkType.LOOP ? be : le <= 0xffff ? le : be;
  if (family === 2) decodeIpv4(ctx, b + 4, ctx.end);
  // AF_INET6 differs per OS: 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS), 10 (Linux).
  else if (family === 24 || family === 28 || family === 30 || family === 10) decodeIpv6(ctx, b + 4, ctx.end);
}

function decodeRawIp(ctx: DecodeContext, at: number): void {
  const d = ctx.data;
  if (ctx.end <= at) return addAnomaly(ctx, 'ip.truncated', at);
  const version = (d[at] as number) >> 4;
  if (version === 4) decodeIpv4(ctx, at, ctx.end);
  else if (version === 6) decodeIpv6(ctx, at, ctx.end);
  else addAnomaly(ctx, 'ip.bad-version', at);
}
