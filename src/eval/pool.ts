/**
 * Trains several detectors at once, one per worker process, on a multi-core machine. Each worker
 * reads and prepares the data itself from the plan (deterministic: the same splits and the same
 * fitted preprocessor in every worker, which the pool checks), then takes detectors from a shared
 * queue in the order listed (put the slowest first for the shortest wall time). Processes rather
 * than worker threads: tfjs-wasm and onnxruntime keep per-process state, and a crash in one model
 * then costs one detector, not the run.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EvalPlan, PlanRunOptions } from './plan.js';
import type { FromWorker, ToWorker } from './pool-protocol.js';
import type { DetectorResult, EvalReport } from './result.js';
import { failedResult, finishReport, type PreparedEval } from './run.js';

export class EvalPoolError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EvalPoolError';
  }
}

/** The worker's entry file, next to this one: .ts when run from sources (tsx, vitest), .js from dist. */
function workerEntry(): { file: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  const ext = extname(here);
  const file = join(dirname(here), `pool-worker${ext}`);
  const hasTsx = process.execArgv.some((a) => a.includes('tsx'));
  const execArgv = ext === '.ts' && !hasTsx ? [...process.execArgv, '--import', 'tsx'] : process.execArgv;
  return { file, execArgv };
}

interface Worker {
  index: number;
  child: ChildProcess;
  current?: string;
  alive: boolean;
}

export function runPlanInPool(plan: EvalPlan, jobs: number, opts: PlanRunOptions = {}): Promise<EvalReport> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  const queue = [...plan.detectors];
  const results = new Map<string, DetectorResult>();
  let skeleton: PreparedEval['skeleton'] | undefined;
  const { file, execArgv } = workerEntry();
  const workers: Worker[] = [];

  return new Promise<EvalReport>((resolve, reject) => {
    let settled = false;
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      for (const w of workers) if (w.alive) w.child.kill();
      if (err) reject(err);
      else {
        const seconds = (performance.now() - started) / 1000;
        const ordered = plan.detectors.map((d) => results.get(d)!);
        resolve({ ...finishReport(skeleton!, ordered, seconds), jobs });
      }
    };
    const checkDone = (): void => {
      if (results.size === plan.detectors.length) finish();
    };
    const send = (w: Worker, m: ToWorker): void => {
      if (w.alive && w.child.connected) w.child.send(m);
    };
    const next = (w: Worker): void => {
      const kind = queue.shift();
      if (kind === undefined) {
        send(w, { type: 'exit' });
        return;
      }
      w.current = kind;
      const k = plan.detectors.indexOf(kind) + 1;
      opts.onProgress?.({
        kind: 'stage',
        message: `training ${kind} (${k}/${plan.detectors.length}) in worker ${w.index + 1}/${workers.length}`,
      });
      send(w, { type: 'run', detector: kind });
    };

    for (let index = 0; index < jobs; index++) {
      const child = fork(file, [], {
        execArgv,
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      const w: Worker = { index, child, alive: true };
      workers.push(w);
      child.on('message', (m: FromWorker) => {
        switch (m.type) {
          case 'ready':
            if (skeleton && skeleton.features.id !== m.skeleton.features.id) {
              finish(
                new EvalPoolError(
                  `eval workers prepared different features (${skeleton.features.id} vs ${m.skeleton.features.id})`,
                ),
              );
              return;
            }
            skeleton ??= m.skeleton;
            next(w);
            return;
          case 'progress':
            opts.onProgress?.(m.event);
            return;
          case 'result':
            results.set(m.result.detector, m.result);
            w.current = undefined;
            opts.onProgress?.({ kind: 'detector-done', result: m.result });
            checkDone();
            if (!settled) next(w);
            return;
          case 'failed':
            finish(new EvalPoolError(m.message));
            return;
        }
      });
      child.on('error', (err) =>
        finish(new EvalPoolError(`eval worker ${index + 1} could not start: ${err.message}`, { cause: err })),
      );
      child.on('exit', (code, signal) => {
        w.alive = false;
        if (settled) return;
        if (w.current !== undefined) {
          const kind = w.current;
          w.current = undefined;
          const result = failedResult(
            kind,
            new EvalPoolError(`worker process exited (${signal ?? `code ${code}`}) while training ${kind}`),
          );
          results.set(kind, result);
          opts.onProgress?.({ kind: 'detector-done', result });
        }
        if (workers.every((x) => !x.alive)) {
          // Nobody is left to take the queue: the rest fail rather than hang.
          for (const kind of queue.splice(0))
            results.set(kind, failedResult(kind, new EvalPoolError('no eval worker left')));
          if (!skeleton) {
            finish(new EvalPoolError('every eval worker exited before preparing the data'));
            return;
          }
        }
        checkDone();
      });
      log(`started eval worker ${index + 1}/${jobs} (pid ${child.pid})`);
      send(w, { type: 'plan', plan, index });
    }
  });
}
