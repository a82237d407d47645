/**
 * Build a large capture from a real one: repeat its frames, shifting each copy's timestamps past
 * the end of the previous copy, until `targetFrames` are written. Frames of a single link type only.
 */
import { readCapture } from './index.js';
import { PcapWriter } from './pcap-writer.js';

export async function writeRepeatedCapture(
  source: string,
  out: string,
  targetFrames: number,
): Promise<{ frames: number; copies: number }> {
  const frames: { tsMicros: number; wireLength: number; data: Uint8Array; linkType: number }[] = [];
  for await (const batch of readCapture(source)) {
    for (const f of batch)
      frames.push({
        tsMicros: f.tsMicros,
        wireLength: f.wireLength,
        data: f.data.slice(),
        linkType: f.linkType,
      });
  }
  const first = frames[0];
  const last = frames[frames.length - 1];
  if (first === undefined || last === undefined) throw new Error(`${source}: no frames to repeat`);
  const span = last.tsMicros - first.tsMicros + 1000;
  const writer = await PcapWriter.create(out, first.linkType);
  let written = 0;
  let copy = 0;
  try {
    for (; written < targetFrames; copy++) {
      const shift = copy * span;
      for (const f of frames) {
        if (written >= targetFrames) break;
        await writer.write({ tsMicros: f.tsMicros + shift, wireLength: f.wireLength, data: f.data });
        written++;
      }
    }
  } finally {
    await writer.close();
  }
  return { frames: written, copies: copy };
}
