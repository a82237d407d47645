/**
 * The `run` role: agents and coordinator in one process. It wires the stages of src/pipeline for
 * one or more agents, with models trained on a lab capture (the embedded default has no model
 * registry yet), decisions through the shared engine and a dry-run backend.
 */
import { join } from 'node:path';
import { labRunDirs, readLabRun, replayLabRun } from '../datasets/lab/index.js';
import type { ResponseConfig } from '../decision/config.js';
import type { LabeledTable } from '../datasets/table.js';
import { LABELS_FILE, readLabels, type RunLabels } from '../lab/labels.js';
import { readAuthLog } from '../pipeline/adapters/capture-files.js';
import { EmbeddedPipeline, type AgentSpec, type PipelineRecord } from '../pipeline/pipeline.js';
import { withLabDetectorConfig } from '../pipeline/lab-detector-config.js';
import { trainPipelineModels, type TrainedModels } from '../pipeline/train.js';
import type { Responder } from '../pipeline/decision-stage.js';
import type { LogEvent } from '../records/index.js';
import type { ReplaySource } from '../pipeline/adapters/replay.js';


/**
 * The detector an agent runs when none is named. The ensemble of ten weighted voters: on the held-out lab
 * capture it detects every attack flow without blocking a benign client (see `vigil demo`), and it scores
 * over 1M flows/s batched with single-flow p99 well under 50 us (`npm run bench:detect`).
 */
export const DEFAULT_DETECTOR = 'ensemble';

export { replayCaptures } from '../pipeline/adapters/replay.js';

export interface TrainOnLabOptions {
  detectors: readonly string[];
  seed?: number;
  validationFraction?: number;
  detectorConfig?: Readonly<Record<string, Record<string, unknown>>>;
  log?: (line: string) => void;
}

/**
 * Trains the detectors (and the category model and auth rule) on one lab run directory, or on every
 * run in a folder of runs (samples/lab-train holds two).
 */
export async function trainOnLabRun(dir: string, opts: TrainOnLabOptions): Promise<{ models: TrainedModels; table: LabeledTable }> {
  const table = await readLabRun(dir);
  // Every run's auth events and attackers feed the auth rule; runs are minutes or hours apart, so
  // their events never share its 60-s window.
  const authEvents: LogEvent[] = [];
  const attackers = new Set<string>();
  for (const run of await labRunDirs(dir)) {
    const labels = await readLabels(join(run, LABELS_FILE));
    for (const s of labels.steps) if (s.kind === 'attack') attackers.add(s.source.ip);
    for (const a of labels.authLogs) authEvents.push(...(await readAuthLog(join(run, a.file))).events);
  }
  const detectorConfig = withLabDetectorConfig(opts.detectors, opts.detectorConfig);
  const models = await trainPipelineModels(table, {
    detectors: opts.detectors,
    seed: opts.seed ?? 0,
    ...(opts.validationFraction !== undefined ? { validationFraction: opts.validationFraction } : {}),
    // The lab's detector configuration (src/pipeline/lab-detector-config.ts) under the caller's.
    ...(detectorConfig ? { detectorConfig } : {}),
    authEvents,
    isAttacker: (ip) => attackers.has(ip),
    ...(opts.log ? { log: opts.log } : {}),
  });
  return { models, table };
}

/** One agent per victim capture of a lab run, and where its files are. */
export function labRunSources(dir: string, labels: RunLabels): { agents: AgentSpec[]; sources: ReplaySource[] } {
  const agents = labels.captures.map((c) => ({ name: c.host, ownIp: c.ip }));
  const sources = labels.captures.map((c) => {
    const auth = labels.authLogs.find((a) => a.host === c.host);
    return { agent: c.host, pcap: join(dir, c.file), ...(auth ? { authLog: join(dir, auth.file) } : {}) };
  });
  return { agents, sources };
}

export interface EmbeddedRunOptions {
  models: TrainedModels;
  detector: string;
  agents: readonly AgentSpec[];
  response?: ResponseConfig;
  respond?: Responder;
  onRecord?: (r: PipelineRecord) => void;
  keepVerdicts?: boolean;
}

export function createEmbeddedRun(opts: EmbeddedRunOptions): EmbeddedPipeline {
  const d = opts.models.detectors.find((x) => x.name === opts.detector);
  if (d === undefined) throw new RangeError(`detector '${opts.detector}' was not trained (have: ${opts.models.detectors.map((x) => x.name).join(', ')})`);
  return new EmbeddedPipeline({
    agents: opts.agents,
    models: {
      preprocessor: opts.models.preprocessor,
      detectorName: d.name,
      detector: d.detector,
      categories: opts.models.categories,
      authRule: opts.models.authRule,
    },
    ...(opts.response ? { response: opts.response } : {}),
    ...(opts.respond ? { respond: opts.respond } : {}),
    ...(opts.onRecord ? { onRecord: opts.onRecord } : {}),
    ...(opts.keepVerdicts !== undefined ? { keepVerdicts: opts.keepVerdicts } : {}),
  });
}

export { replayLabRun };
