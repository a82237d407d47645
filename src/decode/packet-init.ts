/** Creating a Packet with one fixed shape (keeps V8's property access monomorphic) and noting anomalies. */
import type { RawFrame } from '../acquisition/frame.js';
import type { Packet } from '../records/packet.js';

export function emptyPacket(frame: RawFrame, capturedLength: number): Packet {
  return {
    tsMicros: frame.tsMicros,
    ifIndex: frame.ifIndex,
    wireLength: frame.wireLength,
    capturedLength,
    vlan: undefined,
    ipVersion: undefined,
    srcIp: undefined,
    dstIp: undefined,
    srcIpKey: 0,
    dstIpKey: 0,
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

/**
 * Clear a Packet made by emptyPacket for the next frame, in place (same fields, same order, so
 * its shape does not change): a reused Packet spares the hot path an allocation per packet.
 */
export function resetPacket(pkt: Packet, frame: RawFrame, capturedLength: number): void {
  pkt.tsMicros = frame.tsMicros;
  pkt.ifIndex = frame.ifIndex;
  pkt.wireLength = frame.wireLength;
  pkt.capturedLength = capturedLength;
  pkt.vlan = undefined;
  pkt.ipVersion = undefined;
  pkt.srcIp = undefined;
  pkt.dstIp = undefined;
  // 0, not undefined: a field that only ever holds numbers is updated in place (no boxed number a packet).
  pkt.srcIpKey = 0;
  pkt.dstIpKey = 0;
  pkt.ttl = undefined;
  pkt.fragment = undefined;
  pkt.proto = 'other';
  pkt.ipProto = 0;
  pkt.srcPort = 0;
  pkt.dstPort = 0;
  pkt.tcpFlags = 0;
  pkt.tcpSeq = undefined;
  pkt.tcpAck = undefined;
  pkt.tcpWindow = undefined;
  pkt.tcpMss = undefined;
  pkt.tcpWindowScale = undefined;
  pkt.icmpType = undefined;
  pkt.icmpCode = undefined;
  pkt.payloadLength = 0;
  pkt.payload = undefined;
  pkt.arp = undefined;
  pkt.appProto = undefined;
  pkt.appName = undefined;
  pkt.anomalies = undefined;
}

/**
 * Decoding context: the packet being filled, the bytes, and where the frame lies in them. The frame
 * is `data[base .. end)`: its own view (base 0) or a range of the reader's buffer (a BufferFrame,
 * read in place without making a view). Decoders take and pass absolute positions in `data`;
 * anomalies report them relative to the frame's first byte.
 */
export interface DecodeContext {
  readonly pkt: Packet;
  readonly data: Uint8Array;
  readonly base: number;
  readonly end: number;
  readonly fileOffset: number;
  /** Make the payload view and name the application (PacketDecoderOptions.payload). */
  readonly payload: boolean;
}

/** Note an anomaly at absolute position `at` in ctx.data. */
export function addAnomaly(ctx: DecodeContext, code: string, at: number): void {
  const offset = at - ctx.base;
  const anomaly = ctx.fileOffset >= 0 ? { code, offset, fileOffset: ctx.fileOffset } : { code, offset };
  if (ctx.pkt.anomalies === undefined) ctx.pkt.anomalies = [anomaly];
  else ctx.pkt.anomalies.push(anomaly);
}
