/**
 * Decoders: RawFrame -> Packet, as pure functions. Bad bytes never throw: the Packet comes back
 * with `anomalies` (code + byte offset in the frame, + the frame's file offset when known).
 *
 * The Packet's `payload` is a view into the frame's bytes, so it lives only as long as the frame's
 * batch (see RawFrame).
 */
import type { RawFrame } from '../acquisition/frame.js';
import { BufferFrame as ImportedBufferFrame } from '../acquisition/pcap/buffer-frame.js';
import type { Packet } from '../records/packet.js';
import { decodeLink as importedDecodeLink } from './link.js';
import {
  addAnomaly as importedAddAnomaly,
  emptyPacket as importedEmptyPacket,
  resetPacket as importedResetPacket,
} from './packet-init.js';

// Module-local aliases: under tsx every use of an imported binding is a getter call,
// which costs measurably on this per-packet path.
const BufferFrame = ImportedBufferFrame;
const decodeLink = importedDecodeLink;
const addAnomaly = importedAddAnomaly;
const emptyPacket = importedEmptyPacket;
const resetPacket = importedResetPacket;

/** The mutable decoding context (DecodeContext) one PacketDecoder reuses. */
interface FrameBytes {
  pkt: Packet;
  data: Uint8Array;
  base: number;
  end: number;
  fileOffset: number;
  payload: boolean;
}

export interface PacketDecoderOptions {
  /**
   * Give packets their `payload` view and name their application (`appProto`, `appName`: DNS,
   * HTTP, TLS, SSH). A flow table does not read them: leave them out there, as they cost a view
   * and a parse per packet that carries data. `payloadLength` is always set.
   * @default true
   */
  payload: boolean;
}

/**
 * Point `ctx` at the frame's bytes. A BufferFrame is read in place in its reader's buffer, so
 * its `data` view (which costs more to make than decoding the frame) is never made.
 */
function locate(ctx: FrameBytes, frame: RawFrame): void {
  if (frame instanceof BufferFrame) {
    ctx.data = frame.bytes;
    ctx.base = frame.start;
    ctx.end = frame.start + frame.length;
  } else {
    const data = frame.data;
    ctx.data = data;
    ctx.base = 0;
    ctx.end = data.length;
  }
  ctx.fileOffset = frame.fileOffset;
}

const NO_BYTES = new Uint8Array(0);

export function decodeFrame(frame: RawFrame): Packet {
  const ctx: FrameBytes = {
    pkt: undefined as unknown as Packet,
    data: NO_BYTES,
    base: 0,
    end: 0,
    fileOffset: -1,
    payload: true,
  };
  locate(ctx, frame);
  const pkt = emptyPacket(frame, ctx.end - ctx.base);
  ctx.pkt = pkt;
  try {
    decodeLink(ctx, frame.linkType);
  } catch {
    // A decoder bug must not stop the sensor; it shows up as a counted anomaly instead.
    addAnomaly(ctx, 'decode.internal-error', ctx.base);
  }
  return pkt;
}

/**
 * decodeFrame into one Packet reused for every frame, for per-packet loops whose consumer does not
 * keep the Packet (the flow table copies what it needs). The returned Packet (the same object each
 * time) is valid until the next decode().
 */
export class PacketDecoder {
  private readonly ctx: FrameBytes;

  constructor(options: Partial<PacketDecoderOptions> = {}) {
    const frame = { tsMicros: 0, ifIndex: 0, wireLength: 0, data: NO_BYTES, linkType: 1, fileOffset: -1 };
    const payload = options.payload ?? true;
    this.ctx = { pkt: emptyPacket(frame, 0), data: NO_BYTES, base: 0, end: 0, fileOffset: -1, payload };
  }

  decode(frame: RawFrame): Packet {
    const ctx = this.ctx;
    locate(ctx, frame);
    resetPacket(ctx.pkt, frame, ctx.end - ctx.base);
    try {
      decodeLink(ctx, frame.linkType);
    } catch {
      addAnomaly(ctx, 'decode.internal-error', ctx.base);
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
