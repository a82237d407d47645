/**
 * LabeledTable: a dataset file read into columns, before any preprocessing. Readers
 * (nsl-kdd.ts, kddcup99.ts, unsw-nb15.ts, lab exports) make it; preprocess/ fits on it.
 */
export type ColumnKind = 'numeric' | 'categorical';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
}

export interface DatasetSchema {
  /** Feature-definition name of the raw columns, e.g. 'nsl-kdd/kdd41'. */
  name: string;
  version: string;
  columns: readonly ColumnSpec[];
}

export interface LabeledTable {
  /** 'nsl-kdd', 'kddcup99', 'unsw-nb15', 'lab', ... */
  dataset: string;
  /** File path(s) the rows came from. */
  source: string;
  schema: DatasetSchema;
  rows: number;
  /** One entry per schema column: Float64Array for numeric, string[] for categorical. */
  columns: (Float64Array | string[])[];
  /** 1 = attack, 0 = normal. */
  label: Uint8Array;
  /** Attack name per row ('normal' for normal rows), lower-case. */
  attack: string[];
  /**
   * Attack category per row: 'normal', 'dos', 'probe', 'r2l', 'u2r' for KDD ('unknown' for an attack
   * name the map lacks, counted in `warnings`); attack_cat lower-cased for UNSW ('normal', 'generic', ...).
   */
  category: string[];
  /** NSL-KDD difficulty level (0-21), when the file has it. */
  difficulty?: Uint8Array;
  /** Oddities the reader counted instead of failing on (unknown attack names, blank lines). */
  warnings?: ReadWarning[];
}

/** A counted oddity in an input file: read on, but tell the user how often and where first. */
export interface ReadWarning {
  kind: 'unknown-attack' | 'blank-line';
  /** What was odd, e.g. the attack name. */
  detail: string;
  count: number;
  /** 1-based line of the first occurrence. */
  firstLine: number;
}

/** A reader error that names the file and line, as users need to fix their input. */
export class DatasetFormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}:${line}: ${detail}`, options);
    this.name = 'DatasetFormatError';
  }
}
