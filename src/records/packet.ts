/**
 * Packet: what decoders make of one captured frame. Raw bytes stay on the node; only the
 * flow table reads this record. A decoder never throws on bad bytes: it returns a Packet
 * with `anomalies` filled in (see DecodeAnomaly) so the caller can count and keep going.
 */
export type IpVersion = 4 | 6;
export type TransportProto = 'tcp' | 'udp' | 'icmp' | 'icmp6' | 'other';

/** TCP flag bits as they appear in the header's flags byte (plus NS in bit 8). */
export const TcpFlag = {
  FIN: 0x01,
  SYN: 0x02,
  RST: 0x04,
  PSH: 0x08,
  ACK: 0x10,
  URG: 0x20,
  ECE: 0x40,
  CWR: 0x80,
  NS: 0x100,
} as const;

export interface DecodeAnomaly {
  /** Short machine name, e.g. 'ipv4.truncated', 'tcp.bad-data-offset'. */
  code: string;
  /** Byte offset inside the frame where decoding gave up. */
  offset: number;
  /** Byte offset of the frame inside its capture file, when known. */
  fileOffset?: number;
}

export interface Packet {
  /** Capture time, microseconds since the Unix epoch (fits a double exactly for ~285 years). */
  tsMicros: number;
  /** Index of the capture interface (pcapng may hold several). */
  ifIndex: number;
  /** Bytes on the wire and bytes captured. */
  wireLength: number;
  capturedLength: number;
  vlan?: number;
  /** Layer 3; absent for ARP and other non-IP frames. */
  ipVersion?: IpVersion;
  srcIp?: string;
  dstIp?: string;
  /**
   * The addresses as 32-bit numbers, so a flow table can hash them without reading the strings:
   * an IPv4 address itself (its 4 bytes big-endian, as a signed 32-bit integer), or a hash of an
   * IPv6 address. Equal addresses have equal keys; two IPv6 addresses may share one, so compare
   * srcIp/dstIp to be sure. 0 when there is no IP layer. Set by the decoders; packets built by hand
   * may lack them.
   */
  srcIpKey?: number;
  dstIpKey?: number;
  ttl?: number;
  /** IPv4: more-fragments set or fragment offset > 0. */
  fragment?: boolean;
  proto: TransportProto;
  /** IP protocol number (6, 17, 1, 58, ...), 0 when there is no IP layer. */
  ipProto: number;
  srcPort: number;
  dstPort: number;
  /** TCP flags (TcpFlag bits), 0 for non-TCP. */
  tcpFlags: number;
  tcpSeq?: number;
  tcpAck?: number;
  tcpWindow?: number;
  /** TCP MSS and window-scale options, when the segment carries them (usually SYN / SYN-ACK). */
  tcpMss?: number;
  tcpWindowScale?: number;
  icmpType?: number;
  icmpCode?: number;
  /** Length of the transport payload in bytes (as captured). */
  payloadLength: number;
  /** View into the frame bytes for the payload; valid only during the callback that delivers it. */
  payload?: Uint8Array;
  /** ARP operation and addresses, for ARP frames. */
  arp?: { op: number; senderIp: string; targetIp: string; senderMac: string; targetMac: string };
  /** Application protocol named by light parsing (dns, http, tls, ssh, ...), when known. */
  appProto?: string;
  /** TLS SNI, HTTP host, DNS query name, when parsed. */
  appName?: string;
  anomalies?: DecodeAnomaly[];
}
