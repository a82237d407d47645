/**
 * Lab captures as a dataset: a `vigil lab run` directory (victim pcaps, labels.json, stamped sshd
 * auth logs) read into a LabeledTable of kdd41 features, one row per flow.
 *
 * Each victim's capture is replayed through the embedded agent's own edge stage (decode, flow table
 * with the agent's timeouts, kdd41 with the auth log for num_failed_logins), so a model trained on
 * this table sees exactly the features the agent computes live. Labels follow the lab's rule
 * (src/lab/flow-label.ts): label 1 for attack steps, category = the step's category ('scan',
 * 'flood', 'brute-force', 'slow-dos'), attack = the step's tool. Flows the rule calls 'unknown' are
 * left out and counted in `warnings`, as the lab's README asks of evaluations.
 */
import { join } from 'node:path';
import { labelFlow } from '../../lab/flow-label.js';
import { LABELS_FILE, readLabels, type RunLabels } from '../../lab/labels.js';
import { readAuthLog, readCapturePackets } from '../../pipeline/adapters/capture-files.js';
import { EdgeStage, type EdgeBatch } from '../../pipeline/edge-stage.js';
import { batchToTable } from '../../pipeline/feature-table.js';
import { interleave } from '../../pipeline/interleave.js';
import type { Flow } from '../../records/index.js';
import type { ReadOptions } from '../read-options.js';
import type { LabeledTable, ReadWarning } from '../table.js';

export interface LabFlowRow {
  agent: string;
  flow: Flow;
  label: 'attack' | 'benign' | 'unknown';
  category: string;
  stepId?: string;
}

export interface LabRunReplay {
  labels: RunLabels;
  /** Every flow of every victim capture, with the lab's label. */
  rows: LabFlowRow[];
  batches: EdgeBatch[];
}

/** Replays each victim capture of a run through its own edge stage and labels every flow. */
export async function replayLabRun(dir: string): Promise<LabRunReplay> {
  const labels = await readLabels(join(dir, LABELS_FILE));
  const rows: LabFlowRow[] = [];
  const batches: EdgeBatch[] = [];
  for (const capture of labels.captures) {
    const edge = new EdgeStage({ agent: capture.host, ownIp: capture.ip });
    const { packets } = await readCapturePackets(join(dir, capture.file));
    const authFile = labels.authLogs.find((a) => a.host === capture.host)?.file;
    const events = authFile === undefined ? [] : (await readAuthLog(join(dir, authFile))).events;
    const take = (b: EdgeBatch): void => {
      if (b.flows.length === 0) return;
      batches.push(b);
      for (const flow of b.flows) {
        const l = labelFlow(flow, labels.steps, labels.slackMicros);
        rows.push({ agent: capture.host, flow, label: l.label, category: l.category, ...(l.stepId ? { stepId: l.stepId } : {}) });
      }
    };
    for (const item of interleave([{ agent: capture.host, packets, logEvents: events }])) {
      if (item.kind === 'logs') edge.addLogEvents(item.events);
      else take(edge.addPackets(item.packets));
    }
    take(edge.flush());
  }
  return { labels, rows, batches };
}

/** `readDataset('lab', dir)`: the run's flows as a LabeledTable (unknown flows left out, counted). */
export async function readLabRun(dir: string, _opts: ReadOptions = {}): Promise<LabeledTable> {
  const replay = await replayLabRun(dir);
  const first = replay.batches[0];
  if (first === undefined) throw new RangeError(`lab run ${dir}: no flows in its captures`);
  const width = first.features.schema.columns.length;
  const kept: LabFlowRow[] = [];
  const data = new Float32Array(replay.rows.length * width);
  let at = 0;
  for (const b of replay.batches) {
    for (let r = 0; r < b.flows.length; r++, at++) {
      const row = replay.rows[at]!;
      if (row.label === 'unknown') continue;
      data.set(b.features.data.subarray(r * width, r * width + width), kept.length * width);
      kept.push(row);
    }
  }
  const unknown = replay.rows.length - kept.length;
  const batch = { schema: first.features.schema, rows: kept.length, data: data.slice(0, kept.length * width) };
  const table = batchToTable(batch, {
    label: Uint8Array.from(kept, (r) => (r.label === 'attack' ? 1 : 0)),
    attack: kept.map((r) => (r.label === 'attack' ? (r.stepId ?? r.category) : 'normal')),
    category: kept.map((r) => (r.label === 'attack' ? r.category : 'normal')),
  }, 'lab', dir);
  const warnings: ReadWarning[] = [];
  if (unknown > 0) warnings.push({ kind: 'unknown-attack', detail: 'flows the lab labelling rule calls unknown (left out)', count: unknown, firstLine: 0 });
  return warnings.length > 0 ? { ...table, warnings } : table;
}
