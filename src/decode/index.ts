/**
 * Decoders: RawFrame -> Packet, as pure functions. Bad bytes never throw: the Packet comes back
 * with `anomalies` (code + byte offset in the frame, + the frame's file offset when known).
 *
 * The Packet's `payload` is a view into `frame.data`, so it lives only as long as the frame's
 * batch (see RawFrame).
 */
import type { RawFrame } from '../acquisition/frame.js';
import type { Packet } from '../records/packet.js';
import { decodeLink as importedDecodeLink } from './link.js';
import {
  addAnomaly as importedAddAnomaly,
  emptyPacket as importedEmptyPacket,
  resetPacket as importedResetPacket,
} from './packet-init.js';

// Module-local aliases: under tsx every use of an imported binding is a getter call,
// which costs measurably on this per-packet path.
const decodeLink = importedDecodeLink;
const addAnomaly = importedAddAnomaly;
const emptyPacket = importedEmptyPacket;
const resetPacket = importedResetPacket;

export function decodeFrame(frame: RawFrame): Packet {
  const pkt = emptyPacket(frame);
  const ctx = { pkt, data: frame.data, fileOffset: frame.fileOffset };
  try {
    decodeLink(ctx, frame.linkType);
  } catch {
    // A decoder bug must not stop the sensor; it shows up as a counted anomaly instead.
    addAnomaly(ctx, 'decode.internal-error', 0);
  }
  return pkt;
}

/**
 * decodeFrame into one Packet reused for every frame, for per-packet loops whose consumer does not
 * keep the Packet (the flow table copies what it needs). The returned Packet (the same object each
 * time) is valid until the next decode().
 */
export class PacketDecoder {
  private readonly ctx: { pkt: Packet; data: Uint8Array; fileOffset: number };

  constructor() {
    const data = new Uint8Array(0);
    this.ctx = { pkt: emptyPacket({ tsMicros: 0, ifIndex: 0, wireLength: 0, data, linkType: 1, fileOffset: -1 }), data, fileOffset: -1 };
  }

  decode(frame: RawFrame): Packet {
    const ctx = this.ctx;
    resetPacket(ctx.pkt, frame);
    ctx.data = frame.data;
    ctx.fileOffset = frame.fileOffset;
    try {
      decodeLink(ctx, frame.linkType);
    } catch {
      addAnomaly(ctx, 'decode.internal-error', 0);
    }
    return ctx.pkt;
  }
}

/** Count anomalies by code over many packets (for summaries and tests). */
export function countAnomalies(
  packets: Iterable<Packet>,
  into: Map<string, number> = new Map(),
): Map<string, number> {
  for (const p of packets) {
    if (p.anomalies === undefined) continue;
    for (const a of p.anomalies) into.set(a.code, (into.get(a.code) ?? 0) + 1);
  }
  return into;
}
