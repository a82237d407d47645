/**
 * Preprocessing: fitted on training rows only, saved with the model as JSON.
 * See preprocessor.ts for the steps and options.ts for their defaults.
 */
export { Preprocessor, PreprocessSchemaError, OTHER_CATEGORY, type TransformStats } from './preprocessor.js';
export {
  defaultPreprocessOptions,
  resolvePreprocessOptions,
  PreprocessOptionsError,
  type PreprocessOptions,
  type ResolvedPreprocessOptions,
} from './options.js';
export { PreprocessorStateError, PREPROCESSOR_FORMAT, type PreprocessorState } from './state.js';
export type { ColumnPlan, NumericPlan, DroppedPlan, CategoricalPlan } from './column-plan.js';
export { stratifiedSplit, splitTable } from './split.js';
