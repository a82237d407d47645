/** PacketDecoder (one reused Packet) must give exactly what decodeFrame gives, frame after frame. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readCapture } from '../acquisition/pcap/index.js';
import { HAVE_PCAPS, NO_PCAPS_REASON, listPcaps } from '../acquisition/testing/datasets.js';
import { PacketDecoder, decodeFrame } from './index.js';

const LINK_TYPES = [0, 1, 101, 113, 276];

describe('PacketDecoder', () => {
  it('leaves nothing of the previous frame behind (random frames, some valid, some not)', () => {
    const frame = fc.record({
      data: fc.oneof(
        fc.uint8Array({ maxLength: 120 }),
        // Ethernet + IPv4 + TCP/UDP/ICMP headers with random contents behind.
        fc.tuple(fc.constantFrom(6, 17, 1), fc.uint8Array({ minLength: 8, maxLength: 60 })).map(([proto, rest]) =>
          Uint8Array.from([...new Array<number>(12).fill(0), 8, 0, 0x45, 0, 0, 20 + rest.length, 0, 0, 0, 0, 64, proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, ...rest]),
        ),
      ),
      linkType: fc.constantFrom(...LINK_TYPES),
    });
    fc.assert(
      fc.property(fc.array(frame, { minLength: 2, maxLength: 20 }), (frames) => {
        const decoder = new PacketDecoder();
        frames.forEach((f, i) => {
          const raw = { tsMicros: i, ifIndex: 0, linkType: f.linkType, wireLength: f.data.length, data: f.data, fileOffset: i * 100 };
          expect({ ...decoder.decode(raw) }).toEqual(decodeFrame(raw));
        });
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it.skipIf(!HAVE_PCAPS)(`agrees with decodeFrame on every frame of every shared pcap${HAVE_PCAPS ? '' : ` (${NO_PCAPS_REASON})`}`, async () => {
    let frames = 0;
    for (const path of listPcaps()) {
      const decoder = new PacketDecoder();
      for await (const batch of readCapture(path)) {
        for (const f of batch) {
          expect({ ...decoder.decode(f) }, `${path} frame ${frames}`).toEqual(decodeFrame(f));
          frames++;
        }
      }
    }
    expect(frames).toBeGreaterThan(1000);
  });

  it.skipIf(!HAVE_PCAPS)(`with payload: false, gives decodeFrame's packet without payload and application, on every shared pcap${HAVE_PCAPS ? '' : ` (${NO_PCAPS_REASON})`}`, async () => {
    let named = 0;
    for (const path of listPcaps()) {
      const decoder = new PacketDecoder({ payload: false });
      for await (const batch of readCapture(path)) {
        for (const f of batch) {
          const full = decodeFrame(f);
          if (full.appProto !== undefined) named++;
          const lean = decoder.decode(f);
          expect([lean.payload, lean.appProto, lean.appName]).toEqual([undefined, undefined, undefined]);
          expect({ ...lean, payload: full.payload, appProto: full.appProto, appName: full.appName }).toEqual(full);
        }
      }
    }
    expect(named).toBeGreaterThan(100);
  });
});
