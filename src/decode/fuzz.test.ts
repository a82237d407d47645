/** Property tests: no byte sequence makes a decoder throw or hit its internal-error guard. */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { RawFrame } from '../acquisition/frame.js';
import { readCapture } from '../acquisition/pcap/index.js';
import { HAVE_PCAPS, NO_PCAPS_REASON, listPcaps } from '../acquisition/testing/datasets.js';
import { decodeFrame } from './index.js';

const LINK_TYPES = [0, 1, 12, 14, 101, 108, 113, 228, 229, 276];

function decodesCleanly(data: Uint8Array, linkType: number): boolean {
  const pkt = decodeFrame({
    tsMicros: 0,
    ifIndex: 0,
    linkType,
    wireLength: data.length,
    data,
    fileOffset: 0,
  });
  const internal = (pkt.anomalies ?? []).some((a) => a.code === 'decode.internal-error');
  const offsetsInside = (pkt.anomalies ?? []).every((a) => a.offset >= 0 && a.offset <= data.length);
  return !internal && offsetsInside && pkt.payloadLength >= 0 && pkt.payloadLength <= data.length;
}

describe('decodeFrame on random bytes', () => {
  it('never throws nor reaches its internal-error guard', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(...LINK_TYPES), (data, linkType) =>
        decodesCleanly(data, linkType),
      ),
      { numRuns: 5000, seed: 42 },
    );
  });

  it('survives random bytes behind valid Ethernet+IPv4/IPv6 headers with each transport protocol', () => {
    const ipv4 = (proto: number, rest: Uint8Array): Uint8Array =>
      Uint8Array.from([
        ...new Array<number>(12).fill(0),
        0x08,
        0x00,
        0x45,
        0,
        0,
        200,
        0,
        0,
        0,
        0,
        64,
        proto,
        0,
        0,
        10,
        0,
        0,
        1,
        10,
        0,
        0,
        2,
        ...rest,
      ]);
    const ipv6 = (next: number, rest: Uint8Array): Uint8Array =>
      Uint8Array.from([
        ...new Array<number>(12).fill(0),
        0x86,
        0xdd,
        0x60,
        0,
        0,
        0,
        0,
        200,
        next,
        64,
        ...new Array<number>(32).fill(1),
        ...rest,
      ]);
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1, 6, 17, 43, 44, 51, 58, 60, 59),
        fc.uint8Array({ maxLength: 200 }),
        fc.boolean(),
        (proto, rest, v6) => decodesCleanly(v6 ? ipv6(proto, rest) : ipv4(proto, rest), 1),
      ),
      { numRuns: 5000, seed: 7 },
    );
  });
});

describe.skipIf(!HAVE_PCAPS)(
  `decodeFrame on damaged real frames (${HAVE_PCAPS ? 'present' : NO_PCAPS_REASON})`,
  () => {
    const frames: RawFrame[] = [];
    beforeAll(async () => {
      for (const file of listPcaps()) {
        let taken = 0;
        for await (const batch of readCapture(file)) {
          for (const f of batch) {
            if (taken++ < 60) frames.push({ ...f, data: f.data.slice() });
          }
        }
      }
    });

    it('every truncation of every sampled real frame decodes cleanly', () => {
      let checked = 0;
      const failures: string[] = [];
      for (const f of frames) {
        for (let len = 0; len <= f.data.length; len++) {
          if (!decodesCleanly(f.data.subarray(0, len), f.linkType))
            failures.push(`frame at ${f.fileOffset} cut to ${len}`);
          checked++;
        }
      }
      expect(failures).toEqual([]);
      expect(checked).toBeGreaterThan(50_000);
    });

    it('random byte flips in real frames decode cleanly', () => {
      fc.assert(
        fc.property(
          fc.nat(),
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
          (pick, flips) => {
            const f = frames[pick % frames.length] as RawFrame;
            const data = f.data.slice();
            for (const [at, value] of flips) if (data.length > 0) data[at % data.length] = value;
            return decodesCleanly(data, f.linkType);
          },
        ),
        { numRuns: 20_000, seed: 1 },
      );
    });
  },
);
