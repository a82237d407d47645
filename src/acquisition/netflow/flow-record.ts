/**
 * What every NetFlow/IPFIX record is reduced to before it becomes a Flow: one direction of a
 * conversation (NetFlow is unidirectional), with absolute times.
 */
import type { Flow } from '../../records/flow.js';
import type { TransportProto } from '../../records/packet.js';
import { kddService } from '../../flows/services.js';
import { kddFlagFromTcpFlags } from '../eve/eve-event.js';

export interface ExportedFlow {
  srcIp: string;
  dstIp: string;
  srcPort: number;
  dstPort: number;
  ipProto: number;
  tcpFlags: number;
  packets: number;
  bytes: number;
  startMicros: number;
  endMicros: number;
  /** ICMP type/code when the exporter sent them (v9/IPFIX field 32, or NetFlow v5's dst port). */
  icmpType?: number;
  icmpCode?: number;
  /** Packets and bytes of the reverse direction, from IPFIX biflows (RFC 5103). */
  reversePackets?: number;
  reverseBytes?: number;
  reverseTcpFlags?: number;
}

export function transportOf(ipProto: number): TransportProto {
  return ipProto === 6
    ? 'tcp'
    : ipProto === 17
      ? 'udp'
      : ipProto === 1
        ? 'icmp'
        : ipProto === 58
          ? 'icmp6'
          : 'other';
}

/**
 * One exported record as a Flow. NetFlow counts IP bytes (headers included), so they fill the wire-byte
 * fields and payload bytes stay 0. The flag comes from the OR of TCP flags each side sent, as for EVE.
 */
export function toFlow(r: ExportedFlow, id: string, source: string): Flow {
  const proto = transportOf(r.ipProto);
  const respPackets = r.reversePackets ?? 0;
  const icmp = proto === 'icmp' || proto === 'icmp6';
  return {
    id,
    proto,
    origIp: r.srcIp,
    origPort: icmp ? 0 : r.srcPort,
    respIp: r.dstIp,
    respPort: icmp ? 0 : r.dstPort,
    startMicros: r.startMicros,
    endMicros: Math.max(r.startMicros, r.endMicros),
    origPackets: r.packets,
    respPackets,
    origBytes: 0,
    respBytes: 0,
    origWireBytes: r.bytes,
    respWireBytes: r.reverseBytes ?? 0,
    flag:
      proto === 'tcp'
        ? kddFlagFromTcpFlags(r.tcpFlags, r.reverseTcpFlags ?? 0, respPackets)
        : respPackets > 0
          ? 'SF'
          : 'S0',
    service: icmp
      ? kddService(proto, 0, 0, r.icmpType ?? -1, r.icmpCode ?? -1)
      : kddService(proto, r.srcPort, r.dstPort),
    endReason:
      ((r.tcpFlags | (r.reverseTcpFlags ?? 0)) & 0x04) !== 0
        ? 'rst'
        : (r.tcpFlags & 0x01) !== 0
          ? 'fin'
          : 'idle',
    fragments: 0,
    wrongFragments: 0,
    urgent: (r.tcpFlags & 0x20) !== 0 ? 1 : 0,
    land: r.srcIp === r.dstIp && r.srcPort === r.dstPort,
    source,
  };
}
