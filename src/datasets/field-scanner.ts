/**
 * Comma splitting and number parsing without a string per field: the readers' hot loop. Hand-written
 * because `line.split(',')` + `Number()` allocates ~43 strings per row and was most of the read time.
 */

/**
 * Finds the fields of `line`: field i spans [starts[i], ends[i]). Returns the number of fields in the
 * line, which may exceed the arrays' capacity (only the first `capacity` are recorded).
 */
export function fieldOffsets(line: string, starts: Int32Array, ends: Int32Array): number {
  const capacity = starts.length;
  let n = 0;
  let start = 0;
  for (;;) {
    const comma = line.indexOf(',', start);
    const end = comma < 0 ? line.length : comma;
    if (n < capacity) {
      starts[n] = start;
      ends[n] = end;
    }
    n++;
    if (comma < 0) return n;
    start = comma + 1;
  }
}

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
];

/**
 * The value of a plain decimal ('181', '-3', '0.17') in line[start, end), or NaN for anything else
 * (exponents, '+', spaces, empty, more than 15 digits), which the caller hands to Number().
 * Exact: an integer below 2^53 divided by an exact power of ten is correctly rounded (Clinger's fast
 * path), so the result equals Number() bit for bit.
 */
export function parsePlainDecimal(line: string, start: number, end: number): number {
  let i = start;
  let negative = false;
  if (i < end && line.charCodeAt(i) === 45) {
    negative = true;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  let seenDot = false;
  for (; i < end; i++) {
    const c = line.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (seenDot) fraction++;
    } else if (c === 46 && !seenDot) {
      seenDot = true;
    } else {
      return NaN;
    }
  }
  if (digits === 0 || digits > 15) return NaN;
  const v = fraction === 0 ? mantissa : mantissa / POW10[fraction]!;
  return negative ? -v : v;
}
