/**
 * What an eval run reads: the dataset files (with defaults from the shared datasets folder) and the
 * detectors to train. This is the file-reading adapter of eval/; run.ts only sees LabeledTables.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  DatasetFormatError,
  readDataset,
  sharedDatasetsDir,
  type DatasetKind,
  type LabeledTable,
} from '../datasets/index.js';
import { detectorCatalog } from '../detect/catalog.js';
import { EvalSetupError } from './errors.js';
import type { NamedTable } from './run.js';

export interface EvalFiles {
  train: string;
  tests: string[];
  /** Fraction of the train file held out as a test set (one-file datasets such as UNSW-NB15). */
  split?: number;
}

/** Default files per dataset, in the shared datasets folder; `split` where the dataset is one file. */
const DEFAULTS: Record<DatasetKind, { dir: string; train: string; tests: string[]; split?: number }> = {
  'nsl-kdd': { dir: 'nsl-kdd', train: 'KDDTrain+.txt.gz', tests: ['KDDTest+.txt.gz', 'KDDTest-21.txt.gz'] },
  kddcup99: { dir: 'kddcup99', train: 'kddcup.data_10_percent.gz', tests: [], split: 0.3 },
  'unsw-nb15': { dir: 'unsw-nb15', train: 'UNSW_NB15_training-set.csv.gz', tests: [], split: 0.3 },
  // Lab runs are directories; there is no shared default, so --train RUN_DIR (and --test RUN_DIR) are needed.
  lab: { dir: 'lab', train: 'lab-train', tests: ['lab-sample'] },
};

function exists(path: string): boolean {
  return existsSync(path) || existsSync(`${path}.gz`);
}

/**
 * Fills in omitted files from the shared datasets folder and checks that every file exists, so a
 * typo fails before minutes of training rather than after.
 */
export function resolveEvalFiles(
  kind: DatasetKind,
  given: { train?: string; tests: string[]; split?: number },
): EvalFiles {
  const d = DEFAULTS[kind];
  let train = given.train;
  let tests = given.tests;
  let split = given.split;
  if (!train || (tests.length === 0 && split === undefined)) {
    const shared = sharedDatasetsDir();
    const where = shared ? join(shared, d.dir) : undefined;
    const defaultsExist = where !== undefined && exists(join(where, d.train));
    if (!train) {
      if (!defaultsExist) {
        throw new EvalSetupError(
          `no --train file given and the default ${join('..', 'shared', 'datasets', d.dir, d.train)} is not there; ` +
            `pass --train FILE (and --test FILE${d.split !== undefined ? ' or --split F' : ''})`,
        );
      }
      train = join(where!, d.train);
    }
    if (tests.length === 0 && split === undefined) {
      if (d.split !== undefined) split = d.split;
      else if (where) tests = d.tests.map((t) => join(where, t)).filter(exists);
      if (tests.length === 0 && split === undefined) {
        throw new EvalSetupError(
          `no --test file given for ${kind} and no default test file found; pass --test FILE or --split F`,
        );
      }
    }
  }
  if (split !== undefined && !(split > 0 && split < 1)) {
    throw new EvalSetupError(`--split must be a fraction between 0 and 1 (exclusive), got ${split}`);
  }
  for (const f of [train, ...tests]) {
    if (!exists(f)) throw new EvalSetupError(`no such file: ${f} (also tried ${f}.gz)`);
  }
  return split === undefined ? { train, tests } : { train, tests, split };
}

/** Detector names to train: the given list (checked against the catalog) or every detector in it. */
export function resolveDetectors(names: readonly string[] | undefined): string[] {
  const known = Object.keys(detectorCatalog);
  if (!names || names.length === 0) {
    if (known.length === 0) throw new EvalSetupError('the detector catalog is empty; nothing to evaluate');
    return known;
  }
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new EvalSetupError(
      `unknown detector${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')}; known: ${known.join(', ')}`,
    );
  }
  return [...new Set(names)];
}

/** 'dir/KDDTest+.txt.gz' -> 'KDDTest+'. */
export function testSetName(path: string): string {
  return basename(path)
    .replace(/\.gz$/, '')
    .replace(/\.(txt|csv|arff)$/, '');
}

export async function readTable(
  kind: DatasetKind,
  path: string,
  onRows?: (rows: number) => void,
): Promise<LabeledTable> {
  try {
    return await readDataset(kind, path, onRows ? { onProgress: onRows } : {});
  } catch (err) {
    if (err instanceof DatasetFormatError) throw err; // already names file and line
    throw new EvalSetupError(
      `cannot read ${kind} file ${path}: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
}

/** The train table and the test tables of a run, named for the report. */
export async function loadEvalTables(
  kind: DatasetKind,
  files: EvalFiles,
  log: (line: string) => void = () => {},
): Promise<{ train: NamedTable; tests: NamedTable[] }> {
  log(`reading ${files.train}`);
  const train: NamedTable = {
    name: testSetName(files.train),
    source: files.train,
    table: await readTable(kind, files.train),
  };
  const tests: NamedTable[] = [];
  for (const f of files.tests) {
    log(`reading ${f}`);
    tests.push({ name: testSetName(f), source: f, table: await readTable(kind, f) });
  }
  for (const t of [train, ...tests]) {
    for (const w of t.table.warnings ?? []) {
      log(`warning: ${t.source}: ${w.kind} '${w.detail}' x${w.count} (first at line ${w.firstLine})`);
    }
  }
  return { train, tests };
}
