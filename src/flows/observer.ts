/**
 * FlowObserver: per-flow state kept beside the flow table, indexed by the table's slot number
 * (feature extractors keep their own struct-of-arrays this way, so the table stays small when no
 * extractor needs per-packet statistics). The table calls, in order: resize (capacity grew),
 * onStart (new flow in a slot), onPacket (after the table counted the packet; `flowStartMicros` is
 * the flow's start, so an observer can keep times as small offsets from it without storing it),
 * onEnd (before the slot is freed; `flow` is the record about to be emitted).
 */
import type { Flow } from '../records/flow.js';
import type { Packet } from '../records/packet.js';

export interface FlowObserver {
  /**
   * False when every hook below is a no-op (an extractor that only reads the finished Flow): the
   * table then skips its calls, which cost per packet. @default true
   */
  readonly keepsFlowState?: boolean;
  resize(capacity: number): void;
  onStart(slot: number, tsMicros: number): void;
  onPacket(slot: number, pkt: Packet, fromOrig: boolean, flowStartMicros: number): void;
  onEnd(slot: number, flow: Flow): void;
}
