/**
 * FlowFeatureExtractor: turns each flow the table emits into one row of a named, versioned feature
 * set. It is also a FlowObserver, so it can keep per-flow state in the table's slots (cic, damped);
 * extractors that only need the finished Flow (kdd41) leave those hooks empty.
 *
 * Contract: `write` is called exactly once per emitted flow, in emission order, after `onEnd` and
 * while `slot` still holds the flow's state; it fills out[offset .. offset + schema.columns.length).
 */
import type { Flow } from '../records/flow.js';
import type { FeatureSchema } from '../records/feature-batch.js';
import type { FlowObserver } from '../flows/observer.js';

export interface FlowFeatureExtractor extends FlowObserver {
  readonly schema: FeatureSchema;
  write(slot: number, flow: Flow, out: Float32Array, offset: number): void;
}

/** No-op FlowObserver hooks for extractors that only read the finished Flow. */
export const noPerFlowState = {
  keepsFlowState: false,
  resize(): void {},
  onStart(): void {},
  onPacket(): void {},
  onEnd(): void {},
};
