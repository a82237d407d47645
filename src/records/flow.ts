/**
 * Flow: one bidirectional conversation, emitted by the flow table when it expires or ends.
 * "orig" is the side that sent the first packet seen (the KDD/Zeek convention).
 */
import type { TransportProto } from './packet.js';

/** KDD Cup 99 / Bro connection states, as used by the `flag` feature. */
export type KddFlag = 'SF' | 'S0' | 'S1' | 'S2' | 'S3' | 'REJ' | 'RSTO' | 'RSTR' | 'RSTOS0' | 'SH' | 'OTH';

export interface FlowKey {
  proto: TransportProto;
  origIp: string;
  origPort: number;
  respIp: string;
  respPort: number;
}

export interface Flow extends FlowKey {
  /** Stable id within one run, e.g. `${startMicros}-${seq}`. */
  id: string;
  startMicros: number;
  endMicros: number;
  origPackets: number;
  respPackets: number;
  /** Payload bytes per direction (KDD src_bytes / dst_bytes). */
  origBytes: number;
  respBytes: number;
  /** Bytes on the wire per direction, headers included. */
  origWireBytes: number;
  respWireBytes: number;
  flag: KddFlag;
  /** Service name (http, ssh, domain_u, private, ...) as KDD names it. */
  service: string;
  /** Why the flow table emitted it. */
  endReason: 'fin' | 'rst' | 'idle' | 'active' | 'evicted' | 'flush';
  /** Count of packets flagged as IP fragments, and of "wrong" fragments (overlaps, bad sizes). */
  fragments: number;
  wrongFragments: number;
  /** Packets with the URG flag. */
  urgent: number;
  land: boolean;
  /** Set by sources that are already flows (Zeek, EVE, NetFlow): where the record came from. */
  source?: string;
}
