/**
 * Which test rows repeat a training row? UNSW-NB15 (and KDD Cup 99) hold many duplicate feature
 * vectors, so a random split puts copies of training rows into the test set; the eval harness reports
 * those rows apart from the genuinely unseen ones.
 *
 * Rows are compared on every feature column of the schema (`id`, label and category are not
 * features). Each row is hashed from its numbers' bits and its categories' ids; rows with equal
 * hashes are then compared value by value, so a hash collision can never mark a row as seen.
 */
import { assertSameSchema } from './table-ops.js';
import type { LabeledTable } from './table.js';

/** 1 where test row i's feature vector also occurs in `train`, else 0. */
export function markSeenRows(train: LabeledTable, test: LabeledTable): Uint8Array {
  assertSameSchema(train.schema, test.schema);
  const trainCols = encodeColumns(train);
  const testCols = encodeColumns(test, trainCols.vocabularies);
  const buckets = new Map<number, number[]>();
  for (let r = 0; r < train.rows; r++) {
    const h = rowHash(trainCols.values, r);
    const b = buckets.get(h);
    if (b) b.push(r);
    else buckets.set(h, [r]);
  }
  const out = new Uint8Array(test.rows);
  for (let r = 0; r < test.rows; r++) {
    const candidates = buckets.get(rowHash(testCols.values, r));
    if (candidates?.some((t) => sameRow(trainCols.values, t, testCols.values, r))) out[r] = 1;
  }
  return out;
}

interface Encoded {
  /** Numeric columns as they are; categorical columns as ids shared by both tables. */
  values: Float64Array[];
  vocabularies: Map<string, number>[];
}

function encodeColumns(table: LabeledTable, vocabularies?: Map<string, number>[]): Encoded {
  const vocabs = vocabularies ?? table.columns.map(() => new Map<string, number>());
  const values = table.columns.map((col, c) => {
    if (!Array.isArray(col)) return col;
    const vocab = vocabs[c]!;
    const ids = new Float64Array(col.length);
    for (let r = 0; r < col.length; r++) {
      let id = vocab.get(col[r]!);
      if (id === undefined) vocab.set(col[r]!, (id = vocab.size));
      ids[r] = id;
    }
    return ids;
  });
  return { values, vocabularies: vocabs };
}

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

/** A 52-bit hash of row r (two 32-bit FNV-style mixes), usable as an exact Map key. */
function rowHash(columns: Float64Array[], r: number): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const col of columns) {
    const v = col[r]!;
    scratch[0] = v === 0 ? 0 : v; // -0 and 0 are the same value
    h1 = Math.imul(h1 ^ scratchWords[0]!, 0x01000193);
    h1 = Math.imul(h1 ^ scratchWords[1]!, 0x01000193);
    h2 = Math.imul(h2 ^ scratchWords[1]!, 0x5bd1e995);
    h2 = Math.imul(h2 ^ scratchWords[0]!, 0x5bd1e995);
    h2 ^= h2 >>> 13;
  }
  return (h1 >>> 0) * 0x100000 + ((h2 >>> 0) & 0xfffff);
}

function sameRow(a: Float64Array[], ra: number, b: Float64Array[], rb: number): boolean {
  for (let c = 0; c < a.length; c++) if (a[c]![ra] !== b[c]![rb]) return false;
  return true;
}
