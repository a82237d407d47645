/**
 * The per-flow labelled export of a run (flows.csv): each victim capture goes through the project's
 * own reader, decoder and flow table, and every flow gets the label the rule in flow-label.ts gives it.
 * Only flows with the capture's victim at one end are kept: the bridge floods frames to every port
 * until it has learnt the addresses, so a victim briefly sees a little of its neighbours' traffic.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { readCapture } from '../acquisition/pcap/index.js';
import { decodeFrame } from '../decode/index.js';
import { FlowTable } from '../flows/index.js';
import type { Flow } from '../records/flow.js';
import { labelFlow, type FlowLabel } from './flow-label.js';
import type { RunLabels } from './labels.js';

export const FLOWS_FILE = 'flows.csv';

export const FLOW_COLUMNS = [
  'capture', 'id', 'proto', 'origIp', 'origPort', 'respIp', 'respPort', 'startMicros', 'endMicros',
  'origPackets', 'respPackets', 'origBytes', 'respBytes', 'flag', 'service', 'endReason',
  'label', 'category', 'stepId', 'technique', 'reason',
] as const;

export interface FlowExportSummary {
  file: string;
  flows: number;
  byLabel: Record<string, number>;
  byCategory: Record<string, number>;
  /** Flows seen in a victim's capture that did not involve that victim (bridge flooding), not exported. */
  foreignFlows: number;
  /** Problems the capture reader counted (truncated records ...). */
  captureAnomalies: number;
  packets: number;
}

function csvField(v: string | number | undefined): string {
  if (v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function flowCsvRow(capture: string, f: Flow, l: FlowLabel): string {
  const values = [
    capture, f.id, f.proto, f.origIp, f.origPort, f.respIp, f.respPort, f.startMicros, f.endMicros,
    f.origPackets, f.respPackets, f.origBytes, f.respBytes, f.flag, f.service, f.endReason,
    l.label, l.category, l.stepId, l.technique, l.reason,
  ];
  return values.map(csvField).join(',');
}

export async function exportLabelledFlows(runDir: string, labels: RunLabels, outDir = runDir): Promise<FlowExportSummary> {
  const file = join(outDir, FLOWS_FILE);
  const out = createWriteStream(file);
  const summary: FlowExportSummary = { file, flows: 0, byLabel: {}, byCategory: {}, foreignFlows: 0, captureAnomalies: 0, packets: 0 };
  const lines: string[] = [FLOW_COLUMNS.join(',')];
  const flushLines = async (): Promise<void> => {
    if (lines.length === 0) return;
    if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
    lines.length = 0;
  };
  for (const capture of labels.captures) {
    const table = new FlowTable((flow) => {
      if (flow.origIp !== capture.ip && flow.respIp !== capture.ip) {
        summary.foreignFlows++;
        return;
      }
      const l = labelFlow(flow, labels.steps, labels.slackMicros);
      summary.flows++;
      summary.byLabel[l.label] = (summary.byLabel[l.label] ?? 0) + 1;
      summary.byCategory[l.category] = (summary.byCategory[l.category] ?? 0) + 1;
      lines.push(flowCsvRow(capture.host, flow, l));
    });
    const source = readCapture(join(runDir, capture.file));
    for await (const batch of source) {
      for (const frame of batch) table.add(decodeFrame(frame));
      summary.packets += batch.length;
      if (lines.length > 4096) await flushLines();
    }
    table.flush();
    summary.captureAnomalies += source.stats.anomalies.length;
    await flushLines();
  }
  await flushLines();
  out.end();
  await once(out, 'finish');
  return summary;
}
