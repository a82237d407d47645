/**
 * Stage 1, frames -> Packet: decode each captured frame and count the decoders' anomalies by code.
 * The payload view is dropped: it points into a buffer the source reuses, and nothing after the
 * flow table reads payload bytes.
 */
import type { RawFrame } from '../acquisition/frame.js';
import { decodeFrame } from '../decode/index.js';
import type { Packet } from '../records/packet.js';

export function decodeFrames(frames: readonly RawFrame[], anomalies: Map<string, number>): Packet[] {
  const out: Packet[] = new Array<Packet>(frames.length);
  for (let i = 0; i < frames.length; i++) {
    const pkt = decodeFrame(frames[i]!);
    if (pkt.anomalies !== undefined) {
      for (const a of pkt.anomalies) anomalies.set(a.code, (anomalies.get(a.code) ?? 0) + 1);
    }
    delete pkt.payload;
    out[i] = pkt;
  }
  return out;
}
