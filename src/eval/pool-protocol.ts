/** Messages between the eval pool (pool.ts) and its worker processes (pool-worker.ts). */
import type { EvalPlan } from './plan.js';
import type { DetectorResult } from './result.js';
import type { EvalProgress, PreparedEval } from './run.js';

export type ToWorker =
  /** Read the data and prepare it; worker 0 also reports preparation progress and saves the preprocessor. */
  { type: 'plan'; plan: EvalPlan; index: number } | { type: 'run'; detector: string } | { type: 'exit' };

export type FromWorker =
  | { type: 'ready'; skeleton: PreparedEval['skeleton'] }
  | { type: 'progress'; event: EvalProgress }
  | { type: 'result'; result: DetectorResult }
  /** Preparation failed (unreadable file, ...): the run cannot go on. */
  | { type: 'failed'; message: string };
