/**
 * Frames read in place (BufferFrame: a range of the reader's buffer, no view made) must decode
 * exactly as a copy of their bytes does, and the decoders must read nothing outside the range.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BufferFrame } from '../acquisition/pcap/buffer-frame.js';
import { readCapture } from '../acquisition/pcap/index.js';
import { HAVE_PCAPS, NO_PCAPS_REASON, listPcaps } from '../acquisition/testing/datasets.js';
import type { RawFrame } from '../acquisition/frame.js';
import { PacketDecoder, decodeFrame } from './index.js';

const LINK_TYPES = [0, 1, 12, 14, 101, 108, 113, 228, 229, 276];

/** A copy of the frame as an ordinary RawFrame with its own bytes. */
const copyOf = (f: RawFrame): RawFrame => ({
  tsMicros: f.tsMicros,
  ifIndex: f.ifIndex,
  linkType: f.linkType,
  wireLength: f.wireLength,
  data: f.data.slice(),
  fileOffset: f.fileOffset,
});

/** Ethernet + IPv4 header (protocol `proto`, total length 200) followed by `rest`. */
const ipv4Frame = (proto: number, rest: Uint8Array): Uint8Array =>
  Uint8Array.from([
    ...new Array<number>(12).fill(0), 8, 0, 0x45, 0, 0, 200, 0, 0, 0, 0, 64, proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
    ...rest,
  ]);

describe('decoding a frame in place in a larger buffer', () => {
  it('gives what a copy of its bytes gives, whatever bytes surround it (random frames)', () => {
    const frameBytes = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.tuple(fc.constantFrom(6, 17, 1, 58), fc.uint8Array({ maxLength: 120 })).map(([p, rest]) => ipv4Frame(p, rest)),
    );
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 40 }),
        frameBytes,
        // Bytes after the frame: a decoder reading past its end would see these instead of nothing.
        fc.uint8Array({ minLength: 1, maxLength: 80 }),
        fc.constantFrom(...LINK_TYPES),
        (before, frame, after, linkType) => {
          const buffer = Uint8Array.from([...before, ...frame, ...after]);
          const inPlace = new BufferFrame(7, 0, linkType, frame.length, buffer, before.length, frame.length, 1000);
          const copy = copyOf(inPlace);
          expect(decodeFrame(inPlace)).toEqual(decodeFrame(copy));
          expect({ ...new PacketDecoder().decode(inPlace) }).toEqual(decodeFrame(copy));
        },
      ),
      { numRuns: 3000, seed: 11 },
    );
  });

  it('makes no data view for the decoder, and the same view every time for anyone else', () => {
    const buffer = ipv4Frame(6, new Uint8Array(40));
    const f = new BufferFrame(0, 0, 1, buffer.length, buffer, 0, buffer.length, 0);
    new PacketDecoder().decode(f);
    expect((f as unknown as { view: unknown }).view).toBeUndefined();
    expect(f.data).toBe(f.data);
    expect(Array.from(f.data)).toEqual(Array.from(buffer));
  });

  it.skipIf(!HAVE_PCAPS)(`agrees with decoding copies on every frame of every shared pcap${HAVE_PCAPS ? '' : ` (${NO_PCAPS_REASON})`}`, async () => {
    let frames = 0;
    for (const path of listPcaps()) {
      const decoder = new PacketDecoder();
      for await (const batch of readCapture(path)) {
        for (const f of batch) {
          expect(f).toBeInstanceOf(BufferFrame);
          const copy = copyOf(f);
          expect({ ...decoder.decode(f) }, `${path} frame ${frames}`).toEqual(decodeFrame(copy));
          frames++;
        }
      }
    }
    expect(frames).toBeGreaterThan(1000);
  });
});
