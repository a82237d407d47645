/** The Packet's address keys: an IPv4 address as its number, an IPv6 address by a hash that equal addresses share. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readCapture } from '../acquisition/pcap/index.js';
import { HAVE_PCAPS, NO_PCAPS_REASON, listPcaps } from '../acquisition/testing/datasets.js';
import { ipv4Key, ipv4String, ipv4Text, ipv6Key, ipv6String } from './addresses.js';
import { PacketDecoder } from './index.js';

/** The number of a dotted quad, computed from the text. */
const quadNumber = (ip: string): number => ip.split('.').reduce((n, part) => (n << 8) | Number(part), 0);

describe('address keys', () => {
  it('an IPv4 key is the address as a number, and gives the address back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), (b) => {
        const key = ipv4Key(b, 0);
        expect(key).toBe(quadNumber(ipv4String(b, 0)));
        expect(ipv4Text(key)).toBe(ipv4String(b, 0));
      }),
      { numRuns: 2000, seed: 1 },
    );
  });

  it('IPv6 addresses with the same text have the same key; different ones rarely collide', () => {
    const addresses = fc.sample(fc.uint8Array({ minLength: 16, maxLength: 16 }), { numRuns: 5000, seed: 2 });
    const keys = new Map<number, string>();
    let collisions = 0;
    for (const a of addresses) {
      const copy = Uint8Array.from([9, 9, ...a]);
      expect(ipv6Key(copy, 2)).toBe(ipv6Key(a, 0));
      const text = ipv6String(a, 0);
      const seen = keys.get(ipv6Key(a, 0));
      if (seen !== undefined && seen !== text) collisions++;
      keys.set(ipv6Key(a, 0), text);
    }
    expect(collisions).toBeLessThan(3);
  });

  it.skipIf(!HAVE_PCAPS)(`match the address texts on every frame of every shared pcap${HAVE_PCAPS ? '' : ` (${NO_PCAPS_REASON})`}`, async () => {
    const v6 = new Map<string, number>();
    let ip = 0;
    for (const path of listPcaps()) {
      const decoder = new PacketDecoder();
      for await (const batch of readCapture(path)) {
        for (const f of batch) {
          const p = decoder.decode(f);
          if (p.srcIp === undefined || p.dstIp === undefined) {
            expect([p.srcIpKey, p.dstIpKey]).toEqual([0, 0]);
            continue;
          }
          ip++;
          for (const [text, key] of [[p.srcIp, p.srcIpKey!], [p.dstIp, p.dstIpKey!]] as const) {
            if (p.ipVersion === 4) expect(key).toBe(quadNumber(text));
            else {
              expect(v6.get(text) ?? key).toBe(key);
              v6.set(text, key);
            }
          }
        }
      }
    }
    expect(ip).toBeGreaterThan(1000);
  });
});
