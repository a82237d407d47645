/**
 * EvalPlan: a whole `vigil eval` run as plain data (files, detectors, seed, options), so it can be
 * run here or handed to worker processes (pool.ts) unchanged.
 */
import type { DatasetKind } from '../datasets/index.js';
import { loadEvalTables, type EvalFiles } from './inputs.js';
import { defaultPrepare } from './prepare.js';
import type { EvalReport } from './result.js';
import { runEval, type EvalProgress, type EvalRunOptions, type NamedTable } from './run.js';
import type { TimingOptions } from './timing.js';

export interface EvalPlan {
  dataset: DatasetKind;
  files: EvalFiles;
  detectors: string[];
  seed: number;
  /** @default 0.1 */
  validationFraction?: number;
  epochs?: number;
  detectorConfig?: Record<string, Record<string, unknown>>;
  saveModelsDir?: string;
  timing?: TimingOptions;
}

/** Runner options for a plan once its tables are read. */
export function runOptionsOf(
  plan: EvalPlan,
  tables: { train: NamedTable; tests: NamedTable[] },
  onProgress?: (e: EvalProgress) => void,
): EvalRunOptions {
  const o: EvalRunOptions = {
    dataset: plan.dataset,
    train: tables.train,
    tests: tables.tests,
    detectors: plan.detectors,
    seed: plan.seed,
    prepare: defaultPrepare,
  };
  if (plan.files.split !== undefined) o.split = plan.files.split;
  if (plan.validationFraction !== undefined) o.validationFraction = plan.validationFraction;
  if (plan.epochs !== undefined) o.epochs = plan.epochs;
  if (plan.detectorConfig) o.detectorConfig = plan.detectorConfig;
  if (plan.saveModelsDir) o.saveModelsDir = plan.saveModelsDir;
  if (plan.timing) o.timing = plan.timing;
  if (onProgress) o.onProgress = onProgress;
  return o;
}

export interface PlanRunOptions {
  /** Detectors trained at once, each in its own process. @default 1 */
  jobs?: number;
  onProgress?: (e: EvalProgress) => void;
  /** Lines about reading files and workers. */
  log?: (line: string) => void;
}

export async function runPlan(plan: EvalPlan, opts: PlanRunOptions = {}): Promise<EvalReport> {
  const jobs = Math.min(opts.jobs ?? 1, plan.detectors.length);
  if (jobs > 1) {
    const { runPlanInPool } = await import('./pool.js');
    return runPlanInPool(plan, jobs, opts);
  }
  const tables = await loadEvalTables(plan.dataset, plan.files, opts.log);
  const run = await runEval(runOptionsOf(plan, tables, opts.onProgress));
  return run.report;
}
