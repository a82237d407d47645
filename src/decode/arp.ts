/** ARP over Ethernet/IPv4 (hardware type 1, protocol 0x0800); other ARP variants are left undecoded. */
import { ipv4String as importedIpv4String, macString as importedMacString } from './addresses.js';
import { u16 as importedU16 } from './bytes.js';
import { addAnomaly as importedAddAnomaly, type DecodeContext } from './packet-init.js';

// Module-local aliases: under tsx every use of an imported binding is a getter call,
// which costs measurably on this per-packet path.
const ipv4String = importedIpv4String;
const macString = importedMacString;
const u16 = importedU16;
const addAnomaly = importedAddAnomaly;

const ARP_ETHER_IPV4_BYTES = 28;

export function decodeArp(ctx: DecodeContext, at: number): void {
  const d = ctx.data;
  if (ctx.end < at + 8) return addAnomaly(ctx, 'arp.truncated', at);
  const hwLen = d[at + 4] as number;
  const protoLen = d[at + 5] as number;
  if (u16(d, at) !== 1 || u16(d, at + 2) !== 0x0800 || hwLen !== 6 || protoLen !== 4) return;
  if (ctx.end < at + ARP_ETHER_IPV4_BYTES) return addAnomaly(ctx, 'arp.truncated', at);
  ctx.pkt.arp = {
    op: u16(d, at + 6),
    senderMac: macString(d, at + 8),
    senderIp: ipv4String(d, at + 14),
    targetMac: macString(d, at + 18),
    targetIp: ipv4String(d, at + 24),
  };
}
