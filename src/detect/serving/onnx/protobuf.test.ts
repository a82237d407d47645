import { describe, expect, it } from 'vitest';
import { ProtoWriter } from './protobuf.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('ProtoWriter', () => {
  it('writes varints as the protobuf encoding guide shows', () => {
    // field 1 = 150 -> 08 96 01 (the guide's own example)
    expect(hex(new ProtoWriter().int(1, 150).finish())).toBe('089601');
    expect(hex(new ProtoWriter().int(2, 0).finish())).toBe('1000');
  });

  it('writes negative int64 as ten bytes of two’s complement', () => {
    expect(hex(new ProtoWriter().int(1, -1).finish())).toBe('08ffffffffffffffffff01');
  });

  it('writes strings, nested messages and packed ints length-delimited', () => {
    // field 2 = "testing" -> 12 07 74 65 73 74 69 6e 67 (the guide's example)
    expect(hex(new ProtoWriter().string(2, 'testing').finish())).toBe('120774657374696e67');
    expect(hex(new ProtoWriter().message(3, (w) => w.int(1, 150)).finish())).toBe('1a03089601');
    // packed [3, 270, 86942] -> 22 06 03 8e 02 9e a7 05 (the guide's example, field 4)
    expect(hex(new ProtoWriter().packedInts(4, [3, 270, 86942]).finish())).toBe('2206038e029ea705');
  });

  it('writes floats as little-endian fixed32', () => {
    expect(hex(new ProtoWriter().float(2, 1).finish())).toBe('150000803f');
  });
});
