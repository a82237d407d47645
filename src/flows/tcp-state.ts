/**
 * TCP connection state as Zeek (formerly Bro, whose 1998 ancestor labelled the KDD Cup 99 data) tracks
 * it: one state per endpoint, stepped by each segment's flags, then folded into a conn_state / KDD `flag`
 * when the connection ends.
 *
 * Endpoint states (Zeek's TCP_ENDPOINT_*): INACTIVE, SYN_SENT, SYN_ACK_SENT, PARTIAL (first seen
 * mid-stream), ESTABLISHED, CLOSED (sent a FIN), RESET (sent a RST).
 *
 * Mapping to the KDD `flag` (os = originator state, rs = responder state; "inactive" means INACTIVE or
 * PARTIAL), checked in this order, as Zeek's `conn_state()` does:
 *
 * | condition                                                     | Zeek   | KDD flag |
 * |---------------------------------------------------------------|--------|----------|
 * | rs=RESET and (os in SYN_SENT, SYN_ACK_SENT, or both RESET with no payload either way) | REJ | REJ |
 * | rs=RESET and os inactive                                      | RSTRH  | RSTR (*) |
 * | rs=RESET otherwise                                            | RSTR   | RSTR     |
 * | os=RESET, rs inactive, orig sent SYN then only RST            | RSTOS0 | RSTOS0   |
 * | os=RESET, rs inactive, otherwise                              | OTH    | OTH      |
 * | os=RESET otherwise                                            | RSTO   | RSTO     |
 * | os=CLOSED and rs=CLOSED                                       | SF     | SF       |
 * | os=CLOSED, rs inactive                                        | SH     | SH       |
 * | os=CLOSED otherwise                                           | S2     | S2       |
 * | rs=CLOSED, os inactive                                        | SHR    | OTH (*)  |
 * | rs=CLOSED otherwise                                           | S3     | S3       |
 * | os=SYN_SENT and rs=INACTIVE                                   | S0     | S0       |
 * | os=ESTABLISHED and rs=ESTABLISHED                             | S1     | S1       |
 * | anything else                                                 | OTH    | OTH      |
 *
 * (*) KDD's eleven flags have no RSTRH or SHR (Bro added them later): RSTRH is still a responder reset,
 * so RSTR; SHR (responder's SYN-ACK then FIN, no SYN seen) has no KDD counterpart, so OTH.
 * UDP and ICMP flows are always SF, as in every UDP/ICMP row of NSL-KDD.
 */
import type { KddFlag } from '../records/flow.js';
import { TcpFlag } from '../records/packet.js';

export const EndpointState = {
  INACTIVE: 0,
  SYN_SENT: 1,
  SYN_ACK_SENT: 2,
  PARTIAL: 3,
  ESTABLISHED: 4,
  CLOSED: 5,
  RESET: 6,
} as const;

const { INACTIVE, SYN_SENT, SYN_ACK_SENT, PARTIAL, ESTABLISHED, CLOSED, RESET } = EndpointState;
// Local flag bits: an imported object costs a getter call per use under tsx.
const { SYN, ACK, RST, FIN } = TcpFlag;

/** Both endpoint states packed in one byte: originator in the low nibble, responder in the high one. */
export function packStates(orig: number, resp: number): number {
  return orig | (resp << 4);
}

/**
 * One segment's effect on the pair of endpoint states, following Zeek's TCP analyzer
 * (UpdateInactiveState / UpdateSYN_SentState / UpdateEstablishedState / UpdateClosedState).
 * Returns the new packed states.
 */
export function stepTcp(packed: number, fromOrig: boolean, flags: number): number {
  let self = fromOrig ? packed & 0xf : packed >> 4;
  let peer = fromOrig ? packed >> 4 : packed & 0xf;
  const syn = (flags & SYN) !== 0;
  const ack = (flags & ACK) !== 0;
  if (self === INACTIVE) {
    if (syn) {
      if (fromOrig) {
        self = ack ? SYN_ACK_SENT : SYN_SENT;
      } else {
        // A responder's SYN(-ACK) establishes both sides when the originator's SYN was seen.
        if (peer === SYN_SENT || peer === SYN_ACK_SENT) peer = ESTABLISHED;
        self = ESTABLISHED;
      }
    } else {
      self = PARTIAL;
    }
  } else if ((self === SYN_SENT || self === SYN_ACK_SENT) && !syn && ack && peer === ESTABLISHED) {
    // The originator's ACK that completes the handshake (the peer was set ESTABLISHED by its SYN-ACK).
    self = ESTABLISHED;
  }
  if (self !== RESET) {
    if ((flags & RST) !== 0) self = RESET;
    else if ((flags & FIN) !== 0) self = CLOSED;
  }
  return fromOrig ? self | (peer << 4) : peer | (self << 4);
}

/** History facts the flag needs beyond the two states (Zeek reads them from its history string). */
export const History = {
  /** The originator's first packet was a SYN without ACK. */
  ORIG_SYN_FIRST: 1,
  /** The originator sent an ACK or FIN (without RST) after that SYN: RSTOS0 no longer applies. */
  ORIG_MORE_THAN_SYN: 2,
} as const;

/** The history bits after one packet. */
export function stepHistory(history: number, fromOrig: boolean, isFirstOrigPacket: boolean, flags: number): number {
  if (!fromOrig) return history;
  if (isFirstOrigPacket) {
    // A plain SYN only: Zeek records SYN+RST or SYN+FIN as a multi-flag packet ('Q'), not 'S'.
    const mask = SYN | ACK | RST | FIN;
    return (flags & mask) === SYN ? History.ORIG_SYN_FIRST : 0;
  }
  if ((flags & RST) === 0 && (flags & (ACK | FIN)) !== 0) {
    return history | History.ORIG_MORE_THAN_SYN;
  }
  return history;
}

function inactive(s: number): boolean {
  return s === INACTIVE || s === PARTIAL;
}

/** Fold a TCP connection's endpoint states into its KDD flag (table above). */
export function kddTcpFlag(packed: number, history: number, origBytes: number, respBytes: number): KddFlag {
  const os = packed & 0xf;
  const rs = packed >> 4;
  if (rs === RESET) {
    if (os === SYN_SENT || os === SYN_ACK_SENT || (os === RESET && origBytes === 0 && respBytes === 0)) return 'REJ';
    return 'RSTR';
  }
  if (os === RESET) {
    if (inactive(rs)) return history === History.ORIG_SYN_FIRST ? 'RSTOS0' : 'OTH';
    return 'RSTO';
  }
  if (os === CLOSED && rs === CLOSED) return 'SF';
  if (os === CLOSED) return inactive(rs) ? 'SH' : 'S2';
  if (rs === CLOSED) return inactive(os) ? 'OTH' : 'S3';
  if (os === SYN_SENT && rs === INACTIVE) return 'S0';
  if (os === ESTABLISHED && rs === ESTABLISHED) return 'S1';
  return 'OTH';
}

/** True once both sides are closed or either reset: the flow can leave the table soon. */
export function tcpFinished(packed: number): boolean {
  const os = packed & 0xf;
  const rs = packed >> 4;
  return os === RESET || rs === RESET || (os === CLOSED && rs === CLOSED);
}
