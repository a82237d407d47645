/** Reader for the UNSW-NB15 partition CSVs (UTF-8 BOM, CRLF and header are handled here). */
import { ByteColumnBuilder } from './column-builder.js';
import { readLineBatches, resolveDataPath } from './line-source.js';
import { checkLabel } from './parse-field.js';
import { RowParser } from './row-parser.js';
import type { ReadOptions } from './read-options.js';
import { WarningCounter } from './read-warnings.js';
import { DatasetFormatError, type LabeledTable } from './table.js';
import { normaliseUnswCategory, UNSW_HEADER, UNSW_SCHEMA } from './unsw-nb15-schema.js';

export async function readUnswNb15(path: string, opts: ReadOptions = {}): Promise<LabeledTable> {
  const file = await resolveDataPath(path);
  const specs = UNSW_SCHEMA.columns;
  const width = UNSW_HEADER.length;
  // File column index of each schema column (the header order is fixed, so this is a shift by one).
  const fileIndex = specs.map((s) => UNSW_HEADER.indexOf(s.name));
  const catIndex = UNSW_HEADER.indexOf('attack_cat');
  const labelIndex = UNSW_HEADER.indexOf('label');
  const parser = new RowParser(file, specs, fileIndex, width, 'UNSW-NB15');
  const categories = new Map<string, string>();
  const label = new ByteColumnBuilder();
  const category: string[] = [];
  const warnings = new WarningCounter();
  let rows = 0;
  let sawHeader = false;

  for await (const batch of readLineBatches(file)) {
    for (let k = 0; k < batch.lines.length; k++) {
      const text = batch.lines[k]!;
      const line = batch.firstLine + k;
      if (text.trim() === '') {
        warnings.add('blank-line', 'blank line skipped', line);
        continue;
      }
      if (!sawHeader) {
        checkHeader(text.split(','), file, line);
        sawHeader = true;
        continue;
      }
      parser.split(text, line);
      parser.pushFeatures(line);
      const cat = unswCategory(parser.field(catIndex), categories, file, line);
      const flag = parser.field(labelIndex);
      if (flag !== '0' && flag !== '1') {
        throw new DatasetFormatError(
          file,
          line,
          `column label: expected 0 or 1, got ${JSON.stringify(flag)}`,
        );
      }
      if ((flag === '0') !== (cat === 'normal')) {
        throw new DatasetFormatError(
          file,
          line,
          `label ${flag} contradicts attack_cat ${JSON.stringify(cat)}`,
        );
      }
      category.push(cat);
      label.push(flag === '1' ? 1 : 0);
      rows++;
    }
    opts.onProgress?.(rows);
  }
  if (!sawHeader) throw new DatasetFormatError(file, 1, 'empty file: no UNSW-NB15 header');
  if (rows === 0) throw new DatasetFormatError(file, 2, 'no data rows after the UNSW-NB15 header');

  return {
    dataset: 'unsw-nb15',
    source: file,
    schema: UNSW_SCHEMA,
    rows,
    columns: parser.finish(),
    label: label.finish(),
    // UNSW names attack families only; the family is also the attack name.
    attack: category.slice(),
    category,
    warnings: warnings.list(),
  };
}

function checkHeader(fields: string[], file: string, line: number): void {
  const names = fields.map((f) => f.trim().toLowerCase());
  if (names.length === UNSW_HEADER.length && names.every((n, i) => n === UNSW_HEADER[i])) return;
  const firstDiff = UNSW_HEADER.findIndex((n, i) => names[i] !== n);
  if (firstDiff < 0) {
    throw new DatasetFormatError(
      file,
      line,
      `UNSW-NB15 header has ${names.length} columns, expected ${UNSW_HEADER.length}`,
    );
  }
  throw new DatasetFormatError(
    file,
    line,
    `not a UNSW-NB15 partition header: expected ${UNSW_HEADER.length} columns ` +
      `(${UNSW_HEADER.slice(0, 3).join(',')},...); column ${firstDiff + 1} is ` +
      `${JSON.stringify(names[firstDiff] ?? '(missing)')}, expected ${JSON.stringify(UNSW_HEADER[firstDiff])}`,
  );
}

function unswCategory(raw: string, known: Map<string, string>, file: string, line: number): string {
  const seen = known.get(raw);
  if (seen !== undefined) return seen;
  const cat = normaliseUnswCategory(checkLabel(raw, file, line, 'attack_cat'));
  if (cat === '') throw new DatasetFormatError(file, line, 'column attack_cat: empty');
  known.set(raw, cat);
  return cat;
}
