/**
 * The training loop shared by the neural detectors: seeded mini-batches, Adam, a validation loss
 * each epoch, early stopping with patience, and the best epoch's weights restored at the end.
 */
import type * as TfModule from '@tensorflow/tfjs';
import { makeRng } from '../../util/random.js';
import type { Tf } from './backend.js';
import { epochOrder, gatherRows, gatherValues } from './batches.js';
import type { ParamSet } from './params.js';
import type { TrainProgress } from '../detector.js';

export interface Matrix {
  /** Row-major rows * width. */
  x: Float32Array;
  rows: number;
  /** Targets, one per row (supervised models); absent for autoencoders. */
  y?: Float32Array;
}

export interface FitSpec {
  params: ParamSet;
  /** Mean loss of a batch. `y` is [b, 1] when the matrices carry targets. */
  loss: (x: TfModule.Tensor2D, y: TfModule.Tensor2D | undefined) => TfModule.Scalar;
  width: number;
  train: Matrix;
  validation: Matrix;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Stop after this many epochs without a better validation loss. */
  patience: number;
  /**
   * Wall-clock cap: no new epoch starts once this many seconds have passed (0 = no cap). A run
   * stopped by the cap is repeatable only with the same number of epochs; `stoppedBy` says so.
   */
  timeBudgetSeconds: number;
  seed: number;
  onEpoch?: (e: { epoch: number; epochs: number; loss: number; valLoss: number }) => void;
}

export type StopReason = 'epochs' | 'patience' | 'time-budget';

export interface FitResult {
  epochsRun: number;
  stoppedBy: StopReason;
  bestEpoch: number;
  bestValLoss: number;
  finalTrainLoss: number;
  secondsPerEpoch: number;
}

const EVAL_CHUNK = 8192;

function toTensors(tf: Tf, m: Matrix, width: number, x: Float32Array, y: Float32Array | undefined) {
  const rows = x.length / width;
  return {
    x: tf.tensor2d(x, [rows, width]),
    y: m.y && y ? tf.tensor2d(y, [rows, 1]) : undefined,
  };
}

/** Mean loss over a whole matrix, evaluated in chunks. */
export function meanLoss(tf: Tf, spec: Pick<FitSpec, 'loss' | 'width'>, m: Matrix): number {
  let total = 0;
  for (let start = 0; start < m.rows; start += EVAL_CHUNK) {
    const end = Math.min(m.rows, start + EVAL_CHUNK);
    const value = tf.tidy(() => {
      const t = toTensors(
        tf,
        m,
        spec.width,
        m.x.subarray(start * spec.width, end * spec.width),
        m.y?.subarray(start, end),
      );
      return spec.loss(t.x, t.y);
    });
    total += (value.dataSync()[0] ?? NaN) * (end - start);
    value.dispose();
  }
  return total / Math.max(1, m.rows);
}

export function fitEarlyStopping(tf: Tf, spec: FitSpec): FitResult {
  const rng = makeRng(spec.seed);
  const optimizer = tf.train.adam(spec.learningRate);
  const vars = spec.params.list();
  let best = { epoch: 0, valLoss: Infinity, weights: spec.params.snapshot() };
  let sinceBest = 0;
  let epoch = 0;
  let lastTrain = NaN;
  let stoppedBy: StopReason = 'epochs';
  const started = performance.now();
  try {
    while (epoch < spec.epochs) {
      if (
        epoch > 0 &&
        spec.timeBudgetSeconds > 0 &&
        (performance.now() - started) / 1000 >= spec.timeBudgetSeconds
      ) {
        stoppedBy = 'time-budget';
        break;
      }
      epoch++;
      const order = epochOrder(spec.train.rows, rng);
      let sum = 0;
      for (let start = 0; start < spec.train.rows; start += spec.batchSize) {
        const end = Math.min(spec.train.rows, start + spec.batchSize);
        const xb = gatherRows(spec.train.x, spec.width, order, start, end);
        const yb = spec.train.y ? gatherValues(spec.train.y, order, start, end) : undefined;
        const cost = tf.tidy((): TfModule.Scalar => {
          const t = toTensors(tf, spec.train, spec.width, xb, yb);
          return optimizer.minimize(() => spec.loss(t.x, t.y), true, vars) ?? tf.scalar(NaN);
        });
        sum += (cost.dataSync()[0] ?? NaN) * (end - start);
        cost.dispose();
      }
      lastTrain = sum / spec.train.rows;
      const valLoss = meanLoss(tf, spec, spec.validation);
      spec.onEpoch?.({ epoch, epochs: spec.epochs, loss: lastTrain, valLoss });
      if (!Number.isFinite(lastTrain))
        throw new RangeError(
          `training diverged at epoch ${epoch} (loss ${lastTrain}); lower the learning rate`,
        );
      if (valLoss < best.valLoss) {
        best = { epoch, valLoss, weights: spec.params.snapshot() };
        sinceBest = 0;
      } else if (++sinceBest >= spec.patience) {
        stoppedBy = 'patience';
        break;
      }
    }
  } finally {
    optimizer.dispose();
  }
  spec.params.restore(best.weights);
  return {
    epochsRun: epoch,
    stoppedBy,
    bestEpoch: best.epoch,
    bestValLoss: best.valLoss,
    finalTrainLoss: lastTrain,
    secondsPerEpoch: (performance.now() - started) / 1000 / Math.max(1, epoch),
  };
}

/** The training settings every neural detector's config carries (see options.ts `trainingSchema`). */
export interface TrainingSettings {
  epochs: number;
  batchSize: number;
  learningRate: number;
  patience: number;
  timeBudgetSeconds: number;
}

/**
 * fitEarlyStopping with a detector's training settings and the progress every neural detector
 * reports: one 'epoch' event per epoch, then one 'stopped' event saying why and the best epoch.
 */
export function fitDetector(
  tf: Tf,
  kind: string,
  settings: TrainingSettings,
  seed: number,
  model: Pick<FitSpec, 'params' | 'loss' | 'width' | 'train' | 'validation'>,
  onProgress: ((p: TrainProgress) => void) | undefined,
): FitResult {
  const fit = fitEarlyStopping(tf, {
    ...model,
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    learningRate: settings.learningRate,
    patience: settings.patience,
    timeBudgetSeconds: settings.timeBudgetSeconds,
    seed,
    onEpoch: (e) =>
      onProgress?.({ detector: kind, stage: 'epoch', step: e.epoch, steps: e.epochs, loss: e.loss, valLoss: e.valLoss }),
  });
  onProgress?.({
    detector: kind,
    stage: 'stopped',
    step: fit.epochsRun,
    steps: settings.epochs,
    note: `stopped by ${fit.stoppedBy}; best epoch ${fit.bestEpoch}`,
  });
  return fit;
}
