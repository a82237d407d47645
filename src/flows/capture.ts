/**
 * Adapter: a capture file through the whole edge path, read -> decode -> flow table -> features.
 * The only file of the flows stage that does I/O; the CLI, the golden tests and the benchmark use it.
 */
import { readCapture } from '../acquisition/pcap/index.js';
import { PacketDecoder } from '../decode/index.js';
import type { Flow } from '../records/flow.js';
import { FeatureCollector } from '../features/collector.js';
import type { FlowRows } from '../features/collector.js';
import type { FlowFeatureExtractor } from '../features/extractor.js';
import { FlowTable } from './flow-table.js';
import type { FlowTableOptions, FlowTableStats } from './flow-table.js';

export interface CaptureFlowsOptions {
  extractors?: readonly FlowFeatureExtractor[];
  table?: Partial<FlowTableOptions>;
  /** Called with the flows (and feature rows) gathered after each batch of frames; omit to get them all at the end. */
  onRows?: (rows: FlowRows) => void | Promise<void>;
  batchSize?: number;
}

export interface CaptureFlowsSummary {
  packets: number;
  flows: number;
  /** Decode anomalies by code, plus capture-file anomalies under 'capture.<code>'. */
  anomalies: Map<string, number>;
  table: FlowTableStats;
}

export interface CaptureFlowsResult {
  summary: CaptureFlowsSummary;
  /** Everything, when no onRows callback was given. */
  rows?: FlowRows;
}

export async function flowsFromCapture(path: string, options: CaptureFlowsOptions = {}): Promise<CaptureFlowsResult> {
  const collector = new FeatureCollector(options.extractors ?? []);
  const table = new FlowTable(collector.accept, collector.extractors, options.table);
  const anomalies = new Map<string, number>();
  const source = readCapture(path, options.batchSize === undefined ? {} : { batchSize: options.batchSize });
  const all: Flow[] = [];
  const allBatches: FlowRows['batches'][] = [];
  const hand = async (): Promise<void> => {
    if (collector.pending === 0) return;
    const rows = collector.drain();
    if (options.onRows !== undefined) await options.onRows(rows);
    else {
      all.push(...rows.flows);
      allBatches.push(rows.batches);
    }
  };
  // One Packet reused for every frame: the table copies what it keeps. Flows and their features
  // never read the payload view or the application name, so the decoder skips them.
  const decoder = new PacketDecoder({ payload: false });
  for await (const frames of source) {
    for (let i = 0; i < frames.length; i++) {
      const pkt = decoder.decode(frames[i]!);
      if (pkt.anomalies !== undefined) {
        for (const a of pkt.anomalies) anomalies.set(a.code, (anomalies.get(a.code) ?? 0) + 1);
      }
      table.add(pkt);
    }
    await hand();
  }
  table.flush();
  await hand();
  for (const a of source.stats.anomalies) anomalies.set(`capture.${a.code}`, (anomalies.get(`capture.${a.code}`) ?? 0) + 1);
  const summary: CaptureFlowsSummary = {
    packets: table.stats.packets,
    flows: table.stats.flowsEmitted,
    anomalies,
    table: table.stats,
  };
  if (options.onRows !== undefined) return { summary };
  return { summary, rows: { flows: all, batches: concatBatches(collector.extractors, allBatches) } };
}

function concatBatches(extractors: readonly FlowFeatureExtractor[], parts: FlowRows['batches'][]): FlowRows['batches'] {
  return extractors.map((e, i) => {
    const pieces = parts.map((p) => p[i]!);
    const rows = pieces.reduce((n, b) => n + b.rows, 0);
    const data = new Float32Array(rows * e.schema.columns.length);
    let at = 0;
    for (const b of pieces) {
      data.set(b.data, at);
      at += b.data.length;
    }
    return { schema: e.schema, rows, data };
  });
}
