/** Creating a Packet with one fixed shape (keeps V8's property access monomorphic) and noting anomalies. */
import type { RawFrame } from '../acquisition/frame.js';
import type { Packet } from '../records/packet.js';

export function emptyPacket(frame: RawFrame): Packet {
  return {
    tsMicros: frame.tsMicros,
    ifIndex: frame.ifIndex,
    wireLength: frame.wireLength,
    capturedLength: frame.data.length,
    vlan: undefined,
    ipVersion: undefined,
    srcIp: undefined,
    dstIp: undefined,
    ttl: undefined,
    fragment: undefined,
    proto: 'other',
    ipProto: 0,
    srcPort: 0,
    dstPort: 0,
    tcpFlags: 0,
    tcpSeq: undefined,
    tcpAck: undefined,
    tcpWindow: undefined,
    tcpMss: undefined,
    tcpWindowScale: undefined,
    icmpType: undefined,
    icmpCode: undefined,
    payloadLength: 0,
    payload: undefined,
    arp: undefined,
    appProto: undefined,
    appName: undefined,
    anomalies: undefined,
  };
}

/** Decoding context: the packet being filled and where its frame sits in the capture file. */
export interface DecodeContext {
  readonly pkt: Packet;
  readonly data: Uint8Array;
  readonly fileOffset: number;
}

export function addAnomaly(ctx: DecodeContext, code: string, offset: number): void {
  const anomaly = ctx.fileOffset >= 0 ? { code, offset, fileOffset: ctx.fileOffset } : { code, offset };
  if (ctx.pkt.anomalies === undefined) ctx.pkt.anomalies = [anomaly];
  else ctx.pkt.anomalies.push(anomaly);
}
