/**
 * Property tests for the capture reader: damaged capture files (random bytes, cut anywhere, bytes
 * flipped anywhere, including length fields) end cleanly and never allocate without bound.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CaptureFormatError, readCapture } from './index.js';
import { HAVE_PCAPS, NO_PCAPS_REASON, pcap } from '../testing/datasets.js';

let tmp = '';
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'vigil-pcap-fuzz-'));
});
afterAll(() => {
  if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
});

/** Read a whole file; returns frames seen, or 'format-error' when it is not a capture at all. */
async function readAll(
  bytes: Uint8Array,
  name: string,
): Promise<{ frames: number; bytes: number } | 'format-error'> {
  const path = join(tmp, name);
  writeFileSync(path, bytes);
  const source = readCapture(path, { batchSize: 64 });
  let frames = 0;
  let total = 0;
  try {
    for await (const batch of source) {
      for (const f of batch) {
        frames++;
        total += f.data.length;
      }
    }
  } catch (err) {
    if (err instanceof CaptureFormatError) return 'format-error';
    throw err;
  }
  expect(source.stats.frames).toBe(frames);
  return { frames, bytes: total };
}

describe('readCapture on random bytes', () => {
  it('either rejects the format or ends cleanly, behind pcap or pcapng magic too', async () => {
    const pcapHeader = Uint8Array.from([
      0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0,
    ]);
    const shb = Uint8Array.from([
      0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff,
      0xff, 0xff, 0xff, 28, 0, 0, 0,
    ]);
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 4000 }),
        fc.constantFrom('none', 'pcap', 'pcapng'),
        async (body, prefix) => {
          const head = prefix === 'pcap' ? pcapHeader : prefix === 'pcapng' ? shb : new Uint8Array();
          const result = await readAll(Uint8Array.from([...head, ...body]), 'random.bin');
          if (prefix !== 'none') expect(result).not.toBe('format-error');
        },
      ),
      { numRuns: 200, seed: 3 },
    );
  });
});

describe.skipIf(!HAVE_PCAPS)(
  `readCapture on damaged real captures (${HAVE_PCAPS ? 'present' : NO_PCAPS_REASON})`,
  () => {
    const originals: { name: string; bytes: Uint8Array }[] = [];
    beforeAll(() => {
      for (const rel of [
        'scans/nmap_80_all.pcap.gz',
        'benign/http_post.pcapng.gz',
        'attacks/activeosfingerprinting.pcapng.gz',
      ]) {
        originals.push({ name: rel, bytes: gunzipSync(readFileSync(pcap(rel))) });
      }
    });

    it('cut at any byte: fewer frames, never a throw', async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat(), fc.nat(), async (which, cutAt) => {
          const o = originals[which % originals.length]!;
          const full = await readAll(o.bytes, 'full.cap');
          const cut = await readAll(o.bytes.subarray(0, cutAt % (o.bytes.length + 1)), 'cut.cap');
          if (cut !== 'format-error' && full !== 'format-error')
            expect(cut.frames).toBeLessThanOrEqual(full.frames);
        }),
        { numRuns: 60, seed: 11 },
      );
    });

    it('bytes flipped anywhere (length fields included): ends cleanly with bounded memory', async () => {
      const before = process.memoryUsage().arrayBuffers;
      let peak = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.nat(),
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 16 }),
          async (which, flips) => {
            const o = originals[which % originals.length]!;
            const bytes = o.bytes.slice();
            // Keep the magic so the reader gets past format detection and into the records.
            for (const [at, value] of flips) bytes[4 + (at % (bytes.length - 4))] = value;
            const result = await readAll(bytes, 'flipped.cap');
            if (result !== 'format-error') expect(result.bytes).toBeLessThanOrEqual(bytes.length);
            peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
          },
        ),
        { numRuns: 150, seed: 5 },
      );
      expect(peak).toBeLessThan(128 << 20);
    });
  },
);
