/**
 * Dataset readers: files in, LabeledTables out. Every reader streams (gzipped or not), names the
 * file and line of bad input (DatasetFormatError), and counts oddities in `table.warnings`.
 */
import { readKddCup99, readNslKdd } from './kdd-reader.js';
import type { ReadOptions } from './read-options.js';
import type { LabeledTable } from './table.js';
import { readUnswNb15 } from './unsw-nb15-reader.js';
import { readLabRun } from './lab/index.js';

/** 'lab': a `vigil lab run` directory (its path instead of a file), see lab/index.ts. */
export type DatasetKind = 'nsl-kdd' | 'kddcup99' | 'unsw-nb15' | 'lab';
export const DATASET_KINDS: readonly DatasetKind[] = ['nsl-kdd', 'kddcup99', 'unsw-nb15', 'lab'];

const READERS: Record<DatasetKind, (path: string, opts?: ReadOptions) => Promise<LabeledTable>> = {
  'nsl-kdd': readNslKdd,
  kddcup99: readKddCup99,
  'unsw-nb15': readUnswNb15,
  lab: readLabRun,
};

export function isDatasetKind(s: string): s is DatasetKind {
  return (DATASET_KINDS as readonly string[]).includes(s);
}

/** Reads `path` (or `path + '.gz'` when only that exists) as a dataset of the given kind. */
export async function readDataset(
  kind: DatasetKind,
  path: string,
  opts: ReadOptions = {},
): Promise<LabeledTable> {
  return READERS[kind](path, opts);
}

export type { ReadOptions } from './read-options.js';
export { readKddCup99, readNslKdd } from './kdd-reader.js';
export { readUnswNb15 } from './unsw-nb15-reader.js';
export { KDD41_FEATURES, KDD41_SCHEMA } from './kdd-schema.js';
export { UNSW_SCHEMA, UNSW_HEADER } from './unsw-nb15-schema.js';
export { KDD_ATTACK_CATEGORY, kddCategoryOf, type KddCategory } from './kdd-categories.js';
export {
  subsetTable,
  concatTables,
  sameSchema,
  assertSameSchema,
  SchemaMismatchInTablesError,
} from './table-ops.js';
export { markSeenRows } from './seen-rows.js';
export { countBy } from './count-by.js';
export { sharedDatasetsDir } from './shared-datasets.js';
export * from './table.js';
