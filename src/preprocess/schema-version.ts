/**
 * The output FeatureSchema's version: a short hash of everything that fixes the meaning and order of
 * the output columns (input schema, output column list, log-scaled columns, options). Refitting on
 * other rows with the same outcome keeps the version; a new category or dropped column changes it.
 */
import { createHash } from 'node:crypto';
import type { DatasetSchema } from '../datasets/table.js';
import type { ColumnPlan } from './column-plan.js';
import type { ResolvedPreprocessOptions } from './options.js';

export function outputSchemaVersion(
  input: DatasetSchema,
  outputColumns: readonly string[],
  plans: readonly ColumnPlan[],
  options: ResolvedPreprocessOptions,
): string {
  const logColumns = plans.filter((p) => p.kind === 'numeric' && p.keep && p.log).map((p) => p.name);
  const text = JSON.stringify({
    input: `${input.name}@${input.version}`,
    outputColumns,
    logColumns,
    options,
  });
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

export function outputSchemaName(input: DatasetSchema): string {
  return `${input.name}+prep`;
}
