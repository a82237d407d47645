/**
 * FeatureCollector: the flow table's sink when features are wanted. For each emitted flow it asks
 * every extractor for its row, and keeps flows and rows side by side until drained, so row i of
 * every batch describes flows[i].
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

export class FeatureCollector {
  private flows: Flow[] = [];
  private buffers: Float32Array[];
  private readonly widths: number[];

  constructor(readonly extractors: readonly FlowFeatureExtractor[]) {
    this.widths = extractors.map((e) => e.schema.columns.length);
    this.buffers = this.widths.map((w) => new Float32Array(w * 256));
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
      if ((row + 1) * w > buf.length) {
        const bigger = new Float32Array(buf.length * 2);
        bigger.set(buf);
        this.buffers[i] = buf = bigger;
      }
      this.extractors[i]!.write(slot, flow, buf, row * w);
    }
  };

  /** Hand over the flows and rows gathered so far, and start afresh. */
  drain(): FlowRows {
    const rows = this.flows.length;
    const batches = this.extractors.map((e, i) => {
      const buf = this.buffers[i]!;
      const used = rows * this.widths[i]!;
      if (used < buf.length) return makeBatch(e.schema, buf.slice(0, used));
      // Exactly full (a caller draining at a fixed row count): hand the buffer itself over, no copy.
      this.buffers[i] = new Float32Array(buf.length);
      return makeBatch(e.schema, buf);
    });
    const flows = this.flows;
    this.flows = [];
    return { flows, batches };
  }
}
