/**
 * One comma-separated row at a time into typed column builders: the part of every reader that is the
 * same (field count check, strict numbers, categorical values interned so a column of 500k 'tcp'
 * holds one string, not 500k slices pinning their source chunks in memory).
 */
import {
  columnBuilders,
  finishColumns,
  type ColumnBuilder,
  type NumericColumnBuilder,
} from './column-builder.js';
import { fieldOffsets, parsePlainDecimal } from './field-scanner.js';
import { checkCategoryValue, parseNumber } from './parse-field.js';
import { DatasetFormatError, type ColumnSpec } from './table.js';

export class RowParser {
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly builders: ColumnBuilder[];
  private readonly interned: Map<string, string>[];
  private text = '';

  /**
   * @param specs the features, in schema order
   * @param fileIndex for each feature, its field index in the file's rows
   * @param width the number of fields every row must have
   */
  constructor(
    private readonly file: string,
    private readonly specs: readonly ColumnSpec[],
    private readonly fileIndex: readonly number[],
    private readonly width: number,
    private readonly what: string,
  ) {
    this.starts = new Int32Array(width);
    this.ends = new Int32Array(width);
    this.builders = columnBuilders(specs);
    this.interned = specs.map(() => new Map<string, string>());
  }

  /** Splits `text` (line `line`); throws when it does not have exactly `width` fields. */
  split(text: string, line: number): void {
    const n = fieldOffsets(text, this.starts, this.ends);
    if (n !== this.width) {
      throw new DatasetFormatError(
        this.file,
        line,
        `expected ${this.width} comma-separated columns for ${this.what}, got ${n}`,
      );
    }
    this.text = text;
  }

  /** Field i of the row last split, as a string. */
  field(i: number): string {
    return this.text.slice(this.starts[i]!, this.ends[i]!);
  }

  /** Field i of the row last split, as a number; throws DatasetFormatError naming `column`. */
  numberAt(i: number, line: number, column: string): number {
    const v = parsePlainDecimal(this.text, this.starts[i]!, this.ends[i]!);
    return Number.isNaN(v) ? parseNumber(this.field(i), this.file, line, column) : v;
  }

  /** Appends the row last split to the feature columns; throws on a bad value. */
  pushFeatures(line: number): void {
    const { text, starts, ends, specs, fileIndex, builders } = this;
    for (let c = 0; c < specs.length; c++) {
      const f = fileIndex[c]!;
      if (specs[c]!.kind === 'numeric') {
        let v = parsePlainDecimal(text, starts[f]!, ends[f]!);
        if (Number.isNaN(v)) v = parseNumber(this.field(f), this.file, line, specs[c]!.name);
        (builders[c] as NumericColumnBuilder).push(v);
      } else {
        (builders[c] as string[]).push(this.intern(c, f, line));
      }
    }
  }

  finish(): (Float64Array | string[])[] {
    return finishColumns(this.builders);
  }

  private intern(c: number, f: number, line: number): string {
    const raw = this.field(f);
    const table = this.interned[c]!;
    const known = table.get(raw);
    if (known !== undefined) return known;
    // A flat copy, so the interned string does not keep its whole source chunk alive.
    const copy = checkCategoryValue(flatCopy(raw), this.file, line, this.specs[c]!.name);
    table.set(copy, copy);
    return copy;
  }
}

function flatCopy(s: string): string {
  return (' ' + s).slice(1);
}
