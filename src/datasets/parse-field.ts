/** Field parsing shared by the readers: strict numbers, errors that name file and line. */
import { DatasetFormatError } from './table.js';

/**
 * A finite number, or a DatasetFormatError. `Number()` alone would read '' and ' ' as 0 and accept
 * 'Infinity', which would hide a broken file.
 */
export function parseNumber(text: string, file: string, line: number, column: string): number {
  const v = Number(text);
  if (Number.isFinite(v) && !(v === 0 && text.trim() === '')) return v;
  throw new DatasetFormatError(
    file,
    line,
    `column ${column}: expected a number, got ${JSON.stringify(text)}`,
  );
}

/** Attack and category names: letters, digits, '_', '-', '.', '/', space; nothing else. */
const LABEL_TEXT = /^[A-Za-z0-9_./ -]+$/;

export function checkLabel(text: string, file: string, line: number, column: string): string {
  if (LABEL_TEXT.test(text)) return text;
  throw new DatasetFormatError(file, line, `column ${column}: bad label ${JSON.stringify(text)}`);
}

/** Categorical values ('tcp', 'ftp-data', 'tp++', '-') may hold any printable text, but not nothing. */
export function checkCategoryValue(text: string, file: string, line: number, column: string): string {
  if (text.length > 0 && !hasControlChar(text)) return text;
  throw new DatasetFormatError(file, line, `column ${column}: bad category value ${JSON.stringify(text)}`);
}

function hasControlChar(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 32 || code === 127) return true;
  }
  return false;
}
