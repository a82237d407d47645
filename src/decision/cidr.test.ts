import { describe, expect, it } from 'vitest';
import { CidrParseError, overlaps, parseCidr } from './cidr.js';

describe('parseCidr', () => {
  it('canonicalises addresses and prefixes, clearing host bits', () => {
    expect(parseCidr('10.1.2.3').text).toBe('10.1.2.3');
    expect(parseCidr('10.1.2.3/8').text).toBe('10.0.0.0/8');
    expect(parseCidr('2001:DB8:0:0::1/32').text).toBe('2001:db8::/32');
    expect(parseCidr('::ffff:10.0.0.7').text).toBe('10.0.0.7');
  });
  it('refuses garbage with a named error', () => {
    expect(() => parseCidr('10.0.0.0/33')).toThrow(CidrParseError);
    expect(() => parseCidr('10.0.0/8')).toThrow(/does not parse/);
    expect(() => parseCidr('10.0.0.0/x')).toThrow(/prefix/);
  });
});

describe('overlaps', () => {
  it('sees containment either way and nothing across families', () => {
    expect(overlaps(parseCidr('10.0.0.0/8'), parseCidr('10.9.9.9'))).toBe(true);
    expect(overlaps(parseCidr('10.9.9.9'), parseCidr('10.0.0.0/8'))).toBe(true);
    expect(overlaps(parseCidr('10.0.0.0/16'), parseCidr('10.1.0.0/16'))).toBe(false);
    expect(overlaps(parseCidr('0.0.0.0/0'), parseCidr('::/0'))).toBe(false);
    expect(overlaps(parseCidr('fd00::/8'), parseCidr('fd00:1::5'))).toBe(true);
  });
});
