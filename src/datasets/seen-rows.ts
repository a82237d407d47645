/**
 * Which test rows repeat a training row? UNSW-NB15 (and KDD Cup 99) hold many duplicate feature
 * vectors, so a random split puts copies of training rows into the test set; the eval harness reports
 * those rows apart from the genuinely unseen ones.
 *
 * Rows are compared on every feature column (the schema's columns: `id`, labels and categories are
 * not features). Keys are the exact text of the values, so there are no hash collisions.
 */
import { assertSameSchema } from './table-ops.js';
import type { LabeledTable } from './table.js';

/** 1 where test row i's feature vector also occurs in `train`, else 0. */
export function markSeenRows(train: LabeledTable, test: LabeledTable): Uint8Array {
  assertSameSchema(train.schema, test.schema);
  const seen = new Set<string>();
  for (let r = 0; r < train.rows; r++) seen.add(rowKey(train, r));
  const out = new Uint8Array(test.rows);
  for (let r = 0; r < test.rows; r++) out[r] = seen.has(rowKey(test, r)) ? 1 : 0;
  return out;
}

function rowKey(table: LabeledTable, r: number): string {
  let key = '';
  for (const col of table.columns) key += `${col[r]!}\u001f`;
  return key;
}
