/**
 * Growable columns for readers that do not know the row count in advance: numeric columns double a
 * Float64Array (no per-value boxing), categorical columns are plain string arrays.
 */
import type { ColumnSpec } from './table.js';

export class NumericColumnBuilder {
  private data = new Float64Array(4096);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }

  finish(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

export class ByteColumnBuilder {
  private data = new Uint8Array(4096);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Uint8Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }

  finish(): Uint8Array {
    return this.data.slice(0, this.length);
  }
}

export type ColumnBuilder = NumericColumnBuilder | string[];

export function columnBuilders(columns: readonly ColumnSpec[]): ColumnBuilder[] {
  return columns.map((c) => (c.kind === 'numeric' ? new NumericColumnBuilder() : []));
}

export function finishColumns(builders: ColumnBuilder[]): (Float64Array | string[])[] {
  return builders.map((b) => (Array.isArray(b) ? b : b.finish()));
}
