import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HAVE_PCAPS, NO_PCAPS_REASON, pcap, readDigests } from '../testing/datasets.js';
import { writeRepeatedCapture } from './repeat-capture.js';

const tmp = mkdtempSync(join(tmpdir(), 'vigil-repeat-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!HAVE_PCAPS)(`writeRepeatedCapture (${HAVE_PCAPS ? 'present' : NO_PCAPS_REASON})`, () => {
  it('repeats a real capture with increasing times and identical bytes', async () => {
    const src = pcap('benign/http_google.pcapng.gz');
    const out = join(tmp, 'x3.pcap');
    expect(await writeRepeatedCapture(src, out, 30)).toEqual({ frames: 30, copies: 3 });
    const original = (await readDigests(src)).frames;
    const { frames, anomalies } = await readDigests(out);
    expect(anomalies).toEqual([]);
    expect(frames).toHaveLength(30);
    expect(frames.slice(0, 12).map((f) => f.sha1)).toEqual(original.map((f) => f.sha1));
    expect(frames.slice(12, 24).map((f) => f.sha1)).toEqual(original.map((f) => f.sha1));
    expect(frames.slice(0, 12).map((f) => f.tsMicros)).toEqual(original.map((f) => f.tsMicros));
    expect(
      frames.every((f, i) => i === 0 || f.tsMicros > (frames[i - 1] as { tsMicros: number }).tsMicros),
    ).toBe(true);
  });
});
