/**
 * Conformance suite for FrameSource implementations (capture files, live capture): every source
 * must pass it. `open` makes a fresh source expected to deliver at least `minFrames` frames.
 */
import { describe, expect, it } from 'vitest';
import type { FrameSource, RawFrame } from '../frame.js';

export interface FrameSourceCase {
  open: () => FrameSource | Promise<FrameSource>;
  minFrames: number;
  /** Start traffic after the source is open (live sources). */
  traffic?: () => void;
  timeoutMs?: number;
}

async function drain(source: FrameSource, each: (batch: RawFrame[]) => void): Promise<void> {
  for await (const batch of source) each(batch);
}

export function describeFrameSourceConformance(name: string, make: () => FrameSourceCase): void {
  describe(`FrameSource conformance: ${name}`, () => {
    it('delivers non-empty batches of well-formed frames, and stats that add up', async () => {
      const c = make();
      const source = await c.open();
      let frames = 0;
      let bytes = 0;
      const problems: string[] = [];
      const run = drain(source, (batch) => {
        if (batch.length === 0) problems.push('empty batch');
        for (const f of batch) {
          frames++;
          bytes += f.data.length;
          if (!(f.data instanceof Uint8Array)) problems.push('data is not a Uint8Array');
          if (!Number.isFinite(f.tsMicros) || f.tsMicros < 0) problems.push(`bad tsMicros ${f.tsMicros}`);
          if (!Number.isInteger(f.linkType) || f.linkType < 0) problems.push(`bad linkType ${f.linkType}`);
          if (!Number.isInteger(f.ifIndex) || f.ifIndex < 0) problems.push(`bad ifIndex ${f.ifIndex}`);
          if (f.wireLength < f.data.length)
            problems.push(`wireLength ${f.wireLength} < captured ${f.data.length}`);
        }
      });
      c.traffic?.();
      await run;
      expect(problems.slice(0, 5)).toEqual([]);
      expect(frames).toBeGreaterThanOrEqual(c.minFrames);
      expect(source.stats.frames).toBe(frames);
      expect(source.stats.bytes).toBe(bytes);
    }, 30_000);

    it('stops cleanly when the consumer breaks out early', async () => {
      const c = make();
      const source = await c.open();
      let seen = 0;
      const run = (async () => {
        for await (const batch of source) {
          seen += batch.length;
          break;
        }
      })();
      c.traffic?.();
      await run;
      expect(seen).toBeGreaterThan(0);
    }, 30_000);

    it('keeps each batch intact while the consumer holds it, even across awaits', async () => {
      const c = make();
      const source = await c.open();
      let mismatches = 0;
      const run = (async () => {
        for await (const batch of source) {
          const copies = batch.map((f) => f.data.slice());
          await new Promise((r) => setTimeout(r, 2));
          batch.forEach((f, i) => {
            const copy = copies[i] as Uint8Array;
            if (f.data.length !== copy.length || f.data.some((b, j) => b !== copy[j])) mismatches++;
          });
        }
      })();
      c.traffic?.();
      await run;
      expect(mismatches).toBe(0);
    }, 30_000);
  });
}
