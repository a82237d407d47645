/**
 * A Packet without its payload view (which dies with its batch), safe to keep or serialise; the
 * address keys (a hashing aid, the same as the addresses) are left out of it too.
 */
import type { Packet } from '../records/packet.js';

export function withoutPayload(p: Packet): Omit<Packet, 'payload' | 'srcIpKey' | 'dstIpKey'> {
  const copy: Packet = { ...p };
  delete copy.payload;
  delete copy.srcIpKey;
  delete copy.dstIpKey;
  return copy;
}
