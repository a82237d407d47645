/** Hand-built Packet records for tests of the flow table and the feature extractors. */
import type { Packet, TransportProto } from '../../records/packet.js';
import { TcpFlag } from '../../records/packet.js';

export const F = TcpFlag;

export interface PacketSpec {
  ts: number;
  src: string;
  dst: string;
  sport?: number;
  dport?: number;
  proto?: TransportProto;
  flags?: number;
  payload?: number;
  wire?: number;
  icmpType?: number;
  icmpCode?: number;
}

export function packet(s: PacketSpec): Packet {
  const proto = s.proto ?? 'tcp';
  const payload = s.payload ?? 0;
  return {
    tsMicros: s.ts,
    ifIndex: 0,
    wireLength: s.wire ?? 54 + payload,
    capturedLength: s.wire ?? 54 + payload,
    ipVersion: 4,
    srcIp: s.src,
    dstIp: s.dst,
    proto,
    ipProto: proto === 'tcp' ? 6 : proto === 'udp' ? 17 : proto === 'icmp' ? 1 : 0,
    srcPort: s.sport ?? 0,
    dstPort: s.dport ?? 0,
    tcpFlags: s.flags ?? 0,
    payloadLength: payload,
    icmpType: s.icmpType,
    icmpCode: s.icmpCode,
  };
}

/** A TCP conversation between client c:cp and server s:sp, one packet per step, `gap` microseconds apart. */
export function conversation(
  t0: number,
  c: string,
  cp: number,
  s: string,
  sp: number,
  steps: readonly (readonly ['>' | '<', number, number?])[],
  gap = 1000,
): Packet[] {
  return steps.map(([dir, flags, payload], i) =>
    dir === '>'
      ? packet({ ts: t0 + i * gap, src: c, sport: cp, dst: s, dport: sp, flags, payload: payload ?? 0 })
      : packet({ ts: t0 + i * gap, src: s, sport: sp, dst: c, dport: cp, flags, payload: payload ?? 0 }),
  );
}
