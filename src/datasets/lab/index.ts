/**
 * Lab captures as a dataset: a `vigil lab run` directory (victim pcaps, labels.json, stamped sshd
 * auth logs) read into a LabeledTable of the edge's features (kdd41, src/pipeline/edge-features.ts), one row per flow.
 * A folder without labels.json whose subfolders are runs (samples/lab-train/run1, run2) is read as
 * all of them, in name order, one table (`labRunDirs`).
 *
 * Each victim's capture is replayed through the embedded agent's own edge stage (decode, flow table
 * with the agent's timeouts, kdd41 with the auth log for num_failed_logins), so a model
 * trained on this table sees exactly the features the agent computes live. Labels follow the lab's rule
 * (src/lab/flow-label.ts): label 1 for attack steps, category = the step's category ('scan',
 * 'flood', 'brute-force', 'slow-dos'), attack = the step's tool. Flows the rule calls 'unknown' are
 * left out and counted in `warnings`, as the lab's README asks of evaluations.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { concatTables } from '../table-ops.js';
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

export class LabRunDirError extends Error {
  override readonly name = 'LabRunDirError';
}

/**
 * The runs at `path`: itself when it holds labels.json, else its subfolders that do (name order),
 * so a training set can grow by adding a run without changing the commands that name it.
 */
export async function labRunDirs(path: string): Promise<string[]> {
  if (existsSync(join(path, LABELS_FILE))) return [path];
  let names: string[];
  try {
    names = (await readdir(path, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch (cause) {
    throw new LabRunDirError(`${path}: not a lab run (no ${LABELS_FILE}) and not a folder of runs`, { cause });
  }
  const runs = names.map((n) => join(path, n)).filter((d) => existsSync(join(d, LABELS_FILE)));
  if (runs.length === 0) throw new LabRunDirError(`${path}: not a lab run (no ${LABELS_FILE}) and no subfolder is one`);
  return runs;
}

/**
 * `readDataset('lab', path)`: the flows of the run (or of every run in the folder) as one
 * LabeledTable, unknown flows left out and counted.
 */
export async function readLabRun(path: string, _opts: ReadOptions = {}): Promise<LabeledTable> {
  const dirs = await labRunDirs(path);
  let table = await readOneLabRun(dirs[0]!);
  // concatTables merges the unknown-flow warnings too.
  for (const dir of dirs.slice(1)) table = concatTables(table, await readOneLabRun(dir));
  return dirs.length === 1 ? table : { ...table, source: path };
}

async function readOneLabRun(dir: string): Promise<LabeledTable> {
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
