/**
 * FeatureCollector: the flow table's sink when features are wanted. For each emitted flow it asks
 * every extractor for its row, and keeps flows and rows side by side until drained, so row i of
 * every batch describes flows[i].
 *
 * Row buffers: a fresh Float32Array costs about 100 ns a row (zeroing and first touch of new
 * memory), as much as a kdd41 row itself. A caller that is done with drained rows can `recycle`
 * them, and later drains hand those buffers out again instead of allocating.
 */
import type { Flow } from '../records/flow.js';
import type { FeatureBatch } from '../records/feature-batch.js';
import { makeBatch } from '../records/feature-batch.js';
import type { FlowFeatureExtractor } from './extractor.js';

export interface FlowRows {
  flows: Flow[];
  /** One batch per extractor, in the order the extractors were given. */
  batches: FeatureBatch[];
}

const INITIAL_ROWS = 256;
/** What an empty drain hands over (nothing to copy or recycle). */
const EMPTY = new Float32Array(0);
/** Recycled buffers kept per extractor: a caller holding one batch while the next fills needs two. */
const MAX_SPARES = 2;

export class FeatureCollector {
  private flows: Flow[] = [];
  private readonly buffers: Float32Array[];
  private readonly widths: number[];
  /** Per extractor: recycled buffers, all as long as the current buffer. */
  private readonly spares: Float32Array[][];
  /** The caller gives rows back: hand over whole buffers (no copy), they come back as spares. */
  private recycling = false;

  constructor(readonly extractors: readonly FlowFeatureExtractor[]) {
    this.widths = extractors.map((e) => e.schema.columns.length);
    this.buffers = this.widths.map((w) => new Float32Array(w * INITIAL_ROWS));
    this.spares = extractors.map(() => []);
  }

  get pending(): number {
    return this.flows.length;
  }

  /** FlowSink: give this to the FlowTable (bound). */
  readonly accept = (flow: Flow, slot: number): void => {
    const row = this.flows.length;
    this.flows.push(flow);
    for (let i = 0; i < this.extractors.length; i++) {
      const w = this.widths[i]!;
      let buf = this.buffers[i]!;
      if ((row + 1) * w > buf.length) buf = this.grow(i, buf);
      this.extractors[i]!.write(slot, flow, buf, row * w);
    }
  };

  /**
   * Hand over the flows and rows gathered so far, and start afresh. The batches are the caller's
   * until it gives them back with `recycle` (if it ever does).
   */
  drain(): FlowRows {
    const rows = this.flows.length;
    const batches = this.extractors.map((e, i) => {
      const buf = this.buffers[i]!;
      const used = rows * this.widths[i]!;
      if (used === 0) return makeBatch(e.schema, EMPTY);
      if (used === buf.length || this.recycling) {
        // Exactly full, or a caller that gives buffers back: the buffer itself goes, no copy.
        this.buffers[i] = this.spares[i]!.pop() ?? new Float32Array(buf.length);
        return makeBatch(e.schema, used === buf.length ? buf : buf.subarray(0, used));
      }
      // Partly full, for a caller that keeps what it gets: a copy of the rows, no more.
      return makeBatch(e.schema, buf.slice(0, used));
    });
    const flows = this.flows;
    this.flows = [];
    return { flows, batches };
  }

  /**
   * The caller is done with rows from `drain` (it must not read them afterwards): their buffers
   * will be filled again. Batches that are not this collector's current size are let go.
   */
  recycle(rows: FlowRows): void {
    this.recycling = true;
    for (let i = 0; i < this.extractors.length && i < rows.batches.length; i++) {
      const data = rows.batches[i]!.data;
      const size = this.buffers[i]!.length;
      const spares = this.spares[i]!;
      if (data.buffer.byteLength !== size * 4 || spares.length >= MAX_SPARES) continue;
      // Given back twice, or never handed out: not a spare.
      if (data.buffer === this.buffers[i]!.buffer || spares.some((s) => s.buffer === data.buffer)) continue;
      spares.push(new Float32Array(data.buffer, 0, size));
    }
  }

  /** Double extractor i's buffer (copying its rows); recycled buffers of the old size are dropped. */
  private grow(i: number, buf: Float32Array): Float32Array {
    const bigger = new Float32Array(buf.length * 2);
    bigger.set(buf);
    this.buffers[i] = bigger;
    this.spares[i]!.length = 0;
    return bigger;
  }
}
