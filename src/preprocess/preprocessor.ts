/**
 * Preprocessor: turns a LabeledTable into the FeatureBatch detectors read. Fitted on training rows
 * only (one-hot with an '<other>' bucket, log scaling, clipping, standardisation), then applied
 * unchanged to validation, test and live data. Its state is JSON, saved with the model.
 */
import { sameSchema } from '../datasets/table-ops.js';
import type { DatasetSchema, LabeledTable } from '../datasets/table.js';
import type { FeatureBatch, FeatureSchema } from '../records/index.js';
import { signedLog1p } from './column-stats.js';
import {
  OTHER_CATEGORY,
  outputColumnsOf,
  type CategoricalPlan,
  type ColumnPlan,
  type NumericPlan,
} from './column-plan.js';
import { fitCategorical, fitNumeric, isHeavyTailed } from './fit-columns.js';
import {
  resolvePreprocessOptions,
  type PreprocessOptions,
  type ResolvedPreprocessOptions,
} from './options.js';
import { outputSchemaName, outputSchemaVersion } from './schema-version.js';
import { parsePreprocessorState, PREPROCESSOR_FORMAT, type PreprocessorState } from './state.js';

export class PreprocessSchemaError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'PreprocessSchemaError';
  }
}

/** Counted oddities met while transforming (never errors: the row still gets features). */
export interface TransformStats {
  /** Per categorical column, values not among the training categories -> how many rows. */
  unseenCategories: Record<string, Record<string, number>>;
  /** NaN numeric inputs, replaced by the training mean (0 after standardisation). */
  missingValues: number;
}

export class Preprocessor {
  readonly outputSchema: FeatureSchema;

  private constructor(
    readonly inputSchema: DatasetSchema,
    readonly options: ResolvedPreprocessOptions,
    readonly plans: readonly ColumnPlan[],
    readonly trainRows: number,
  ) {
    const columns = outputColumnsOf(plans);
    this.outputSchema = {
      name: outputSchemaName(inputSchema),
      version: outputSchemaVersion(inputSchema, columns, plans, options),
      columns,
    };
  }

  /** Learns every parameter from `train` alone; pass training rows only, never test rows. */
  static fit(train: LabeledTable, opts: PreprocessOptions = {}): Preprocessor {
    const options = resolvePreprocessOptions(opts);
    if (train.rows === 0) throw new PreprocessSchemaError('cannot fit a preprocessor on 0 rows');
    const names = new Set(train.schema.columns.map((c) => c.name));
    if (options.logScale !== 'auto') {
      for (const n of options.logScale) {
        const spec = train.schema.columns.find((c) => c.name === n);
        if (!names.has(n) || spec?.kind !== 'numeric') {
          throw new PreprocessSchemaError(
            `logScale names ${JSON.stringify(n)}, not a numeric column of ${train.schema.name}`,
          );
        }
      }
    }
    const plans = train.schema.columns.map((spec, c): ColumnPlan => {
      const column = train.columns[c]!;
      if (spec.kind === 'categorical') return fitCategorical(spec.name, column as string[], options);
      const values = column as Float64Array;
      const log =
        options.logScale === 'auto' ? isHeavyTailed(values, options) : options.logScale.includes(spec.name);
      return fitNumeric(spec.name, values, log, options);
    });
    return new Preprocessor(train.schema, options, plans, train.rows);
  }

  transform(table: LabeledTable): FeatureBatch {
    return this.transformWithStats(table).batch;
  }

  /** transform, plus counts of unseen categories and missing values for the caller to report. */
  transformWithStats(table: LabeledTable): { batch: FeatureBatch; stats: TransformStats } {
    if (!sameSchema(table.schema, this.inputSchema)) {
      throw new PreprocessSchemaError(
        `table ${table.source} has schema ${table.schema.name}@${table.schema.version}; this preprocessor ` +
          `was fitted on ${this.inputSchema.name}@${this.inputSchema.version}`,
      );
    }
    const width = this.outputSchema.columns.length;
    const rows = table.rows;
    const data = new Float32Array(rows * width);
    const stats: TransformStats = { unseenCategories: {}, missingValues: 0 };
    let offset = 0;
    this.plans.forEach((plan, c) => {
      const column = table.columns[c]!;
      if (plan.kind === 'categorical') {
        const unseen = writeOneHot(plan, column as string[], data, width, offset);
        if (unseen.size > 0) stats.unseenCategories[plan.name] = Object.fromEntries(unseen);
        offset += plan.categories.length + 1;
      } else if (plan.keep) {
        stats.missingValues += writeNumeric(plan, column as Float64Array, data, width, offset);
        offset += 1;
      }
    });
    return { batch: { schema: this.outputSchema, rows, data }, stats };
  }

  toJSON(): PreprocessorState {
    return {
      format: PREPROCESSOR_FORMAT,
      formatVersion: 1,
      inputSchema: this.inputSchema,
      outputSchema: this.outputSchema,
      options: this.options,
      trainRows: this.trainRows,
      columns: this.plans as ColumnPlan[],
    };
  }

  /** Rebuilds a fitted preprocessor; throws PreprocessorStateError for malformed or tampered state. */
  static fromJSON(state: unknown): Preprocessor {
    const s = parsePreprocessorState(state);
    const p = new Preprocessor(s.inputSchema, s.options, s.columns, s.trainRows);
    s.checkOutputSchema(p.outputSchema);
    return p;
  }
}

function writeNumeric(
  plan: NumericPlan,
  column: Float64Array,
  out: Float32Array,
  width: number,
  offset: number,
): number {
  const { log, clipLow, clipHigh, mean, scale } = plan;
  let missing = 0;
  for (let r = 0, at = offset; r < column.length; r++, at += width) {
    let x = column[r]!;
    if (Number.isNaN(x)) {
      missing++;
      out[at] = 0;
      continue;
    }
    if (log) x = signedLog1p(x);
    if (x < clipLow) x = clipLow;
    else if (x > clipHigh) x = clipHigh;
    out[at] = (x - mean) / scale;
  }
  return missing;
}

function writeOneHot(
  plan: CategoricalPlan,
  column: readonly string[],
  out: Float32Array,
  width: number,
  offset: number,
): Map<string, number> {
  const index = new Map(plan.categories.map((c, i) => [c, i]));
  const other = plan.categories.length;
  const unseen = new Map<string, number>();
  for (let r = 0, at = offset; r < column.length; r++, at += width) {
    const v = column[r]!;
    const k = index.get(v);
    if (k === undefined) unseen.set(v, (unseen.get(v) ?? 0) + 1);
    out[at + (k ?? other)] = 1;
  }
  return unseen;
}

export { OTHER_CATEGORY };
