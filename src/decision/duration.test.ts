import { describe, expect, it } from 'vitest';
import { DurationParseError, formatDuration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it('reads units and combinations', () => {
    expect(parseDuration('30s')).toBe(30);
    expect(parseDuration('30m')).toBe(1800);
    expect(parseDuration('4h')).toBe(14_400);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('forever')).toBe(0);
    expect(formatDuration(5400)).toBe('1h30m');
  });
  it('refuses negative values, bare numbers and junk', () => {
    expect(() => parseDuration('-4h')).toThrow(DurationParseError);
    expect(() => parseDuration('4')).toThrow(/no unit/);
    expect(() => parseDuration('4 hours')).toThrow(/not a duration/);
    expect(() => parseDuration('')).toThrow(DurationParseError);
  });
});
