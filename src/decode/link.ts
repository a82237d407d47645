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

export function decodeLink(ctx: DecodeContext, linkType: number): void {
  const d = ctx.data;
  switch (linkType) {
    case LinkType.ETHERNET:
      decodeEthernet(ctx);
      return;
    case LinkType.LINUX_SLL:
      if (d.length < SLL_HEADER) return addAnomaly(ctx, 'sll.truncated', 0);
      return decodeEtherPayload(ctx, u16(d, 14), SLL_HEADER, 0);
    case LinkType.LINUX_SLL2:
      if (d.length < SLL2_HEADER) return addAnomaly(ctx, 'sll2.truncated', 0);
      return decodeEtherPayload(ctx, u16(d, 0), SLL2_HEADER, 0);
    case LinkType.NULL:
    case LinkType.LOOP:
      return decodeLoopback(ctx, linkType);
    case LinkType.RAW:
    case 12: // DLT_RAW on some BSDs
    case 14: // DLT_RAW on OpenBSD
    case LinkType.IPV4:
    case LinkType.IPV6:
      return decodeRawIp(ctx, 0);
    default:
      addAnomaly(ctx, 'link.unsupported-type', 0);
  }
}

function decodeEthernet(ctx: DecodeContext): void {
  const d = ctx.data;
  if (d.length < 14) return addAnomaly(ctx, 'eth.truncated', 0);
  decodeEtherPayload(ctx, u16(d, 12), 14, 0);
}

/** Dispatch on an EtherType whose payload starts at `at`; `depth` bounds tag stacking. */
function decodeEtherPayload(ctx: DecodeContext, etherType: number, at: number, depth: number): void {
  const d = ctx.data;
  switch (etherType) {
    case EtherType.IPV4:
      return decodeIpv4(ctx, at, d.length);
    case EtherType.IPV6:
      return decodeIpv6(ctx, at, d.length);
    case EtherType.ARP:
      return decodeArp(ctx, at);
    case EtherType.VLAN:
    case EtherType.QINQ:
    case EtherType.QINQ_OLD:
      if (depth >= MAX_TAGS) return addAnomaly(ctx, 'vlan.too-many-tags', at);
      if (d.length < at + 4) return addAnomaly(ctx, 'vlan.truncated', at);
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
    if (d.length < at + 4) return addAnomaly(ctx, 'mpls.truncated', at);
    if (((d[at + 2] as number) & 0x01) !== 0) return decodeRawIp(ctx, at + 4);
  }
  addAnomaly(ctx, 'mpls.too-many-labels', at);
}

function decodePppoe(ctx: DecodeContext, at: number): void {
  const d = ctx.data;
  if (d.length < at + 8) return addAnomaly(ctx, 'pppoe.truncated', at);
  const pppProto = u16(d, at + 6);
  if (pppProto === 0x0021) decodeIpv4(ctx, at + 8, d.length);
  else if (pppProto === 0x0057) decodeIpv6(ctx, at + 8, d.length);
}

/** BSD loopback: a 4-byte address family, host byte order for NULL, network order for LOOP. */
function decodeLoopback(ctx: DecodeContext, linkType: number): void {
  const d = ctx.data;
  if (d.length < 4) return addAnomaly(ctx, 'loopback.truncated', 0);
  const be =
    (((d[0] as number) << 24) | ((d[1] as number) << 16) | ((d[2] as number) << 8) | (d[3] as number)) >>> 0;
  const le =
    (((d[3] as number) << 24) | ((d[2] as number) << 16) | ((d[1] as number) << 8) | (d[0] as number)) >>> 0;
  const family = linkType === LinkType.LOOP ? be : le <= 0xffff ? le : be;
  if (family === 2) decodeIpv4(ctx, 4, d.length);
  // AF_INET6 differs per OS: 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS), 10 (Linux).
  else if (family === 24 || family === 28 || family === 30 || family === 10) decodeIpv6(ctx, 4, d.length);
}

function decodeRawIp(ctx: DecodeContext, at: number): void {
  const d = ctx.data;
  if (d.length <= at) return addAnomaly(ctx, 'ip.truncated', at);
  const version = (d[at] as number) >> 4;
  if (version === 4) decodeIpv4(ctx, at, d.length);
  else if (version === 6) decodeIpv6(ctx, at, d.length);
  else addAnomaly(ctx, 'ip.bad-version', at);
}
