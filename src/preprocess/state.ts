/**
 * PreprocessorState: the fitted preprocessor as JSON, saved beside the model. Validated with zod on
 * load, and the output schema is recomputed and compared, so a hand-edited or truncated file fails
 * with a clear message instead of producing wrong features.
 */
import { z } from 'zod';
import type { DatasetSchema } from '../datasets/table.js';
import type { FeatureSchema } from '../records/index.js';
import type { ColumnPlan } from './column-plan.js';
import type { ResolvedPreprocessOptions } from './options.js';

export const PREPROCESSOR_FORMAT = 'vigil-preprocessor';

export interface PreprocessorState {
  format: typeof PREPROCESSOR_FORMAT;
  formatVersion: 1;
  inputSchema: DatasetSchema;
  outputSchema: FeatureSchema;
  options: ResolvedPreprocessOptions;
  trainRows: number;
  /** One plan per input column, in input order. */
  columns: ColumnPlan[];
}

export class PreprocessorStateError extends Error {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(`preprocessor state: ${detail}`, options);
    this.name = 'PreprocessorStateError';
  }
}

const numericPlan = z.object({
  name: z.string(),
  kind: z.literal('numeric'),
  keep: z.literal(true),
  log: z.boolean(),
  clipLow: z.number(),
  clipHigh: z.number(),
  mean: z.number(),
  scale: z.number().positive(),
});
const droppedPlan = z.object({
  name: z.string(),
  kind: z.literal('numeric'),
  keep: z.literal(false),
  reason: z.literal('constant'),
  value: z.number(),
});
const categoricalPlan = z.object({
  name: z.string(),
  kind: z.literal('categorical'),
  categories: z.array(z.string()),
});

const stateSchema = z.object({
  format: z.literal(PREPROCESSOR_FORMAT),
  formatVersion: z.literal(1),
  inputSchema: z.object({
    name: z.string(),
    version: z.string(),
    columns: z.array(z.object({ name: z.string(), kind: z.enum(['numeric', 'categorical']) })),
  }),
  outputSchema: z.object({ name: z.string(), version: z.string(), columns: z.array(z.string()) }),
  options: z.object({
    logScale: z.union([z.literal('auto'), z.array(z.string())]),
    logAutoMinMax: z.number(),
    logAutoMinSkew: z.number(),
    clipQuantile: z.union([z.number(), z.literal(false)]),
    dropConstant: z.boolean(),
    minCategoryCount: z.number().int().positive(),
  }),
  trainRows: z.number().int().positive(),
  columns: z.array(z.union([numericPlan, droppedPlan, categoricalPlan])),
});

/** Validated state, plus a check that the recomputed output schema matches the saved one. */
export function parsePreprocessorState(
  raw: unknown,
): PreprocessorState & { checkOutputSchema: (recomputed: FeatureSchema) => void } {
  const parsed = stateSchema.safeParse(raw);
  if (!parsed.success) {
    throw new PreprocessorStateError(z.prettifyError(parsed.error), { cause: parsed.error });
  }
  const s = parsed.data as PreprocessorState;
  const inputCols = s.inputSchema.columns;
  if (s.columns.length !== inputCols.length) {
    throw new PreprocessorStateError(
      `${s.columns.length} column plans for ${inputCols.length} input columns`,
    );
  }
  s.columns.forEach((p, i) => {
    const spec = inputCols[i]!;
    if (p.name !== spec.name || p.kind !== spec.kind) {
      throw new PreprocessorStateError(
        `plan ${i} is ${p.kind} ${p.name}, input column is ${spec.kind} ${spec.name}`,
      );
    }
  });
  return {
    ...s,
    checkOutputSchema(recomputed: FeatureSchema): void {
      const same =
        recomputed.name === s.outputSchema.name &&
        recomputed.version === s.outputSchema.version &&
        recomputed.columns.length === s.outputSchema.columns.length &&
        recomputed.columns.every((c, i) => c === s.outputSchema.columns[i]);
      if (!same) {
        throw new PreprocessorStateError(
          `saved output schema ${s.outputSchema.name}@${s.outputSchema.version} does not match the plans ` +
            `(${recomputed.name}@${recomputed.version}); the file was edited or is from another version`,
        );
      }
    },
  };
}
