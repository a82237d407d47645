/** The project's preprocessing as the eval runner uses it (one-hot, log, clip, standardise). */
import type { LabeledTable } from '../datasets/index.js';
import { Preprocessor } from '../preprocess/index.js';
import type { FittedPreparation } from './run.js';

export function defaultPrepare(fit: LabeledTable): FittedPreparation {
  return Preprocessor.fit(fit);
}
