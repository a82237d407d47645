/** Row selection and concatenation of LabeledTables (pure; inputs are never modified). */
import { mergeWarnings } from './read-warnings.js';
import type { DatasetSchema, LabeledTable } from './table.js';

export class SchemaMismatchInTablesError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'SchemaMismatchInTablesError';
  }
}

/** The rows at `indices`, in that order (repeats allowed, e.g. for bootstraps). */
export function subsetTable(table: LabeledTable, indices: ArrayLike<number>): LabeledTable {
  const n = indices.length;
  for (let i = 0; i < n; i++) {
    const r = indices[i]!;
    if (!Number.isInteger(r) || r < 0 || r >= table.rows) {
      throw new RangeError(`subsetTable: index ${r} at position ${i} is outside 0..${table.rows - 1}`);
    }
  }
  const pickStrings = (src: readonly string[]): string[] => {
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) out[i] = src[indices[i]!]!;
    return out;
  };
  const columns = table.columns.map((col) => {
    if (Array.isArray(col)) return pickStrings(col);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = col[indices[i]!]!;
    return out;
  });
  const label = new Uint8Array(n);
  for (let i = 0; i < n; i++) label[i] = table.label[indices[i]!]!;
  const out: LabeledTable = {
    dataset: table.dataset,
    source: table.source,
    schema: table.schema,
    rows: n,
    columns,
    label,
    attack: pickStrings(table.attack),
    category: pickStrings(table.category),
  };
  if (table.difficulty) {
    const d = new Uint8Array(n);
    for (let i = 0; i < n; i++) d[i] = table.difficulty[indices[i]!]!;
    out.difficulty = d;
  }
  if (table.warnings) out.warnings = table.warnings;
  return out;
}

/** `a`'s rows followed by `b`'s; both must have the same schema. */
export function concatTables(a: LabeledTable, b: LabeledTable): LabeledTable {
  assertSameSchema(a.schema, b.schema);
  const columns = a.columns.map((colA, c) => {
    const colB = b.columns[c]!;
    if (Array.isArray(colA) && Array.isArray(colB)) return colA.concat(colB);
    if (!Array.isArray(colA) && !Array.isArray(colB)) {
      const out = new Float64Array(a.rows + b.rows);
      out.set(colA);
      out.set(colB, a.rows);
      return out;
    }
    throw new SchemaMismatchInTablesError(`concatTables: column ${c} has different kinds in the two tables`);
  });
  const label = new Uint8Array(a.rows + b.rows);
  label.set(a.label);
  label.set(b.label, a.rows);
  const out: LabeledTable = {
    dataset: a.dataset === b.dataset ? a.dataset : `${a.dataset}+${b.dataset}`,
    source: a.source === b.source ? a.source : `${a.source} + ${b.source}`,
    schema: a.schema,
    rows: a.rows + b.rows,
    columns,
    label,
    attack: a.attack.concat(b.attack),
    category: a.category.concat(b.category),
  };
  // Difficulty is kept only when both sides have it; a partial column would misalign rows.
  if (a.difficulty && b.difficulty) {
    const d = new Uint8Array(a.rows + b.rows);
    d.set(a.difficulty);
    d.set(b.difficulty, a.rows);
    out.difficulty = d;
  }
  if (a.warnings || b.warnings) out.warnings = mergeWarnings(a.warnings, b.warnings);
  return out;
}

export function sameSchema(a: DatasetSchema, b: DatasetSchema): boolean {
  return (
    a.name === b.name &&
    a.version === b.version &&
    a.columns.length === b.columns.length &&
    a.columns.every((c, i) => c.name === b.columns[i]!.name && c.kind === b.columns[i]!.kind)
  );
}

export function assertSameSchema(a: DatasetSchema, b: DatasetSchema): void {
  if (!sameSchema(a, b)) {
    throw new SchemaMismatchInTablesError(
      `tables have different schemas: ${a.name}@${a.version} (${a.columns.length} columns) vs ` +
        `${b.name}@${b.version} (${b.columns.length} columns)`,
    );
  }
}
