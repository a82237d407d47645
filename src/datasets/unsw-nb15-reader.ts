/** Reader for the UNSW-NB15 partition CSVs (UTF-8 BOM, CRLF and header are handled here). */
import {
  ByteColumnBuilder,
  columnBuilders,
  finishColumns,
  type NumericColumnBuilder,
} from './column-builder.js';
import { readLineBatches, resolveDataPath } from './line-source.js';
import { checkCategoryValue, checkLabel, parseNumber } from './parse-field.js';
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
  const builders = columnBuilders(specs);
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
      const fields = text.split(',');
      if (!sawHeader) {
        checkHeader(fields, file, line);
        sawHeader = true;
        continue;
      }
      if (fields.length !== width) {
        throw new DatasetFormatError(
          file,
          line,
          `expected ${width} comma-separated columns, got ${fields.length}`,
        );
      }
      for (let c = 0; c < specs.length; c++) {
        const spec = specs[c]!;
        const value = fields[fileIndex[c]!]!;
        const b = builders[c]!;
        if (spec.kind === 'numeric')
          (b as NumericColumnBuilder).push(parseNumber(value, file, line, spec.name));
        else (b as string[]).push(checkCategoryValue(value, file, line, spec.name));
      }
      const cat = normaliseUnswCategory(checkLabel(fields[catIndex]!, file, line, 'attack_cat'));
      const flag = fields[labelIndex]!;
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
    columns: finishColumns(builders),
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
