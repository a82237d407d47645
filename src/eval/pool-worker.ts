/**
 * A worker process of the eval pool: reads and prepares the data once (same seed, same splits, same
 * preprocessing as every other worker), then trains, scores and times one detector per 'run' message.
 */
import type { Detector } from '../detect/detector.js';
import { loadEvalTables } from './inputs.js';
import { runOptionsOf } from './plan.js';
import type { FromWorker, ToWorker } from './pool-protocol.js';
import {
  evaluateDetectorSafely,
  prepareEval,
  savePreparation,
  type EvalRunOptions,
  type PreparedEval,
} from './run.js';

let prepared: PreparedEval | undefined;
let runOpts: EvalRunOptions | undefined;

function send(m: FromWorker): Promise<void> {
  return new Promise((resolve) => process.send!(m, () => resolve()));
}

async function handle(m: ToWorker): Promise<void> {
  switch (m.type) {
    case 'plan': {
      const lead = m.index === 0;
      const progress = (line: string): void => {
        if (lead) void send({ type: 'progress', event: { kind: 'stage', message: line } });
      };
      try {
        const tables = await loadEvalTables(m.plan.dataset, m.plan.files, progress);
        runOpts = runOptionsOf(m.plan, tables, (event) => {
          if (lead || event.kind !== 'stage') void send({ type: 'progress', event });
        });
        prepared = await prepareEval(runOpts);
        if (lead && m.plan.saveModelsDir) await savePreparation(m.plan.saveModelsDir, prepared.prep);
        // From here on every worker reports its own detector's progress.
        runOpts.onProgress = (event) => void send({ type: 'progress', event });
        await send({ type: 'ready', skeleton: prepared.skeleton });
      } catch (err) {
        await send({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
        process.exit(1);
      }
      return;
    }
    case 'run': {
      const result = await evaluateDetectorSafely(m.detector, prepared!, runOpts!, trained);
      await send({ type: 'result', result });
      return;
    }
    case 'exit':
      process.disconnect();
      // tfjs or onnxruntime may keep handles open; the work is done.
      process.exit(0);
      return;
  }
}

// Detectors this worker trained with their default config, for a later composite (fusion) to borrow.
const trained = new Map<string, Detector>();

// Messages are handled one at a time, in order.
let chain = Promise.resolve();
process.on('message', (m: ToWorker) => {
  chain = chain.then(() => handle(m));
});
