/**
 * Readers for NSL-KDD (43 columns: 41 features, attack name, difficulty) and KDD Cup 99 (42 columns:
 * 41 features, attack name with a trailing '.'). Both stream the file, gzipped or not.
 */
import { ByteColumnBuilder } from './column-builder.js';
import { kddCategoryOf } from './kdd-categories.js';
import { KDD41_SCHEMA } from './kdd-schema.js';
import { readLineBatches, resolveDataPath } from './line-source.js';
import { checkLabel } from './parse-field.js';
import { RowParser } from './row-parser.js';
import { WarningCounter } from './read-warnings.js';
import { DatasetFormatError, type LabeledTable } from './table.js';
import type { ReadOptions } from './read-options.js';

interface KddFormat {
  dataset: 'nsl-kdd' | 'kddcup99';
  hasDifficulty: boolean;
}

export function readNslKdd(path: string, opts: ReadOptions = {}): Promise<LabeledTable> {
  return readKdd({ dataset: 'nsl-kdd', hasDifficulty: true }, path, opts);
}

export function readKddCup99(path: string, opts: ReadOptions = {}): Promise<LabeledTable> {
  return readKdd({ dataset: 'kddcup99', hasDifficulty: false }, path, opts);
}

async function readKdd(format: KddFormat, path: string, opts: ReadOptions): Promise<LabeledTable> {
  const file = await resolveDataPath(path);
  const specs = KDD41_SCHEMA.columns;
  const nFeatures = specs.length;
  const width = nFeatures + (format.hasDifficulty ? 2 : 1);
  const parser = new RowParser(
    file,
    specs,
    specs.map((_, i) => i),
    width,
    format.dataset,
  );
  const label = new ByteColumnBuilder();
  const difficulty = new ByteColumnBuilder();
  const attack: string[] = [];
  const category: string[] = [];
  const names = new Map<string, string>();
  const warnings = new WarningCounter();
  let rows = 0;

  for await (const batch of readLineBatches(file)) {
    for (let k = 0; k < batch.lines.length; k++) {
      const text = batch.lines[k]!;
      const line = batch.firstLine + k;
      if (text.trim() === '') {
        warnings.add('blank-line', 'blank line skipped', line);
        continue;
      }
      parser.split(text, line);
      parser.pushFeatures(line);
      const name = attackName(parser.field(nFeatures), names, file, line);
      let cat: string | undefined = kddCategoryOf(name);
      if (cat === undefined) {
        warnings.add('unknown-attack', name, line);
        cat = 'unknown';
      }
      attack.push(name);
      category.push(cat);
      label.push(name === 'normal' ? 0 : 1);
      if (format.hasDifficulty)
        difficulty.push(checkDifficulty(parser.numberAt(nFeatures + 1, line, 'difficulty'), file, line));
      rows++;
    }
    opts.onProgress?.(rows);
  }
  if (rows === 0) throw new DatasetFormatError(file, 1, `no data rows in ${format.dataset} file`);

  const table: LabeledTable = {
    dataset: format.dataset,
    source: file,
    schema: KDD41_SCHEMA,
    rows,
    columns: parser.finish(),
    label: label.finish(),
    attack,
    category,
    warnings: warnings.list(),
  };
  if (format.hasDifficulty) table.difficulty = difficulty.finish();
  return table;
}

/** Lower-case attack name without KDD Cup 99's trailing '.', interned ('normal.' -> 'normal'). */
function attackName(raw: string, names: Map<string, string>, file: string, line: number): string {
  const known = names.get(raw);
  if (known !== undefined) return known;
  let name = checkLabel(raw, file, line, 'label').toLowerCase();
  if (name.endsWith('.')) name = name.slice(0, -1);
  if (name === '') throw new DatasetFormatError(file, line, 'column label: empty attack name');
  names.set(raw, name);
  return name;
}

function checkDifficulty(d: number, file: string, line: number): number {
  if (!Number.isInteger(d) || d < 0 || d > 255) {
    throw new DatasetFormatError(file, line, `column difficulty: expected an integer 0-255, got ${d}`);
  }
  return d;
}
