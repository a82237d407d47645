/** A Packet without its payload view (which dies with its batch), safe to keep or serialise. */
import type { Packet } from '../records/packet.js';

export function withoutPayload(p: Packet): Omit<Packet, 'payload'> {
  const copy: Packet = { ...p };
  delete copy.payload;
  return copy;
}
