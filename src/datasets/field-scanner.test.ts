import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fieldOffsets, parsePlainDecimal } from './field-scanner.js';

describe('fieldOffsets', () => {
  it('finds every field, including empty ones, and counts past capacity', () => {
    const starts = new Int32Array(3);
    const ends = new Int32Array(3);
    const line = 'ab,,c,dd';
    expect(fieldOffsets(line, starts, ends)).toBe(4);
    expect([0, 1, 2].map((i) => line.slice(starts[i], ends[i]))).toEqual(['ab', '', 'c']);
    expect(fieldOffsets('', starts, ends)).toBe(1);
  });
});

describe('parsePlainDecimal', () => {
  const parse = (s: string) => parsePlainDecimal(s, 0, s.length);

  it('reads plain decimals and refuses the rest (left to Number())', () => {
    expect(parse('181')).toBe(181);
    expect(parse('0.17')).toBe(0.17);
    expect(parse('-3.5')).toBe(-3.5);
    expect(parse('.5')).toBe(0.5);
    for (const s of ['', '-', '.', '1e3', '+1', ' 1', '1.2.3', '12x', '1234567890123456']) {
      expect(parse(s), s).toBeNaN();
    }
  });

  it('equals Number() bit for bit on random decimals', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99_999_999 }),
        fc.integer({ min: 0, max: 7 }),
        fc.boolean(),
        (m, k, neg) => {
          const digits = String(m).padStart(k + 1, '0');
          const text = `${neg ? '-' : ''}${k === 0 ? digits : `${digits.slice(0, -k)}.${digits.slice(-k)}`}`;
          expect(Object.is(parse(text), Number(text))).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
