import { describe, it } from 'vitest';
import fc from 'fast-check';
import { TemplateCache, decodeExport } from './index.js';

describe('decodeExport on random datagrams', () => {
  it('never throws, for any version prefix, with templates learnt from earlier random datagrams', () => {
    const cache = new TemplateCache();
    fc.assert(
      fc.property(fc.constantFrom(5, 9, 10, 1), fc.uint8Array({ maxLength: 600 }), (version, body) => {
        const d = Uint8Array.from([0, version, ...body]);
        const out = decodeExport(d, 'fuzz', cache);
        return Array.isArray(out.flows) && out.flows.every((f) => f.packets >= 0 && f.bytes >= 0);
      }),
      { numRuns: 5000, seed: 9 },
    );
  });
});

/** A valid IPFIX message: template 256 (with a variable-length field) and one data record. */
function ipfixMessage(): Uint8Array {
  const fields = [
    [8, 4],
    [12, 4],
    [7, 2],
    [11, 2],
    [4, 1],
    [6, 1],
    [2, 4],
    [1, 4],
    [152, 8],
    [153, 8],
    [99, 65535],
  ];
  const template = [
    1,
    0,
    0,
    fields.length,
    ...fields.flatMap(([id, len]) => [id! >> 8, id! & 255, len! >> 8, len! & 255]),
  ];
  const templateSet = [0, 2, 0, 4 + template.length, ...template];
  const record = [
    10, 0, 0, 1, 10, 0, 0, 2, 0x30, 0x39, 0, 80, 6, 0x12, 0, 0, 0, 3, 0, 0, 0, 180, 0, 0, 1, 0x7f, 0, 0, 0, 0,
    0, 0, 1, 0x7f, 0, 0, 0, 10, 3, 97, 98, 99,
  ];
  const dataSet = [1, 0, 0, 4 + record.length, ...record];
  const body = [...templateSet, ...dataSet];
  const total = 16 + body.length;
  return Uint8Array.from([0, 10, total >> 8, total & 255, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 7, ...body]);
}

describe('decodeExport on damaged IPFIX', () => {
  it('decodes the intact message, and never throws with bytes flipped or cut anywhere', () => {
    const intact = decodeExport(ipfixMessage(), 'x', new TemplateCache());
    if (intact.flows.length !== 1 || intact.flows[0]?.srcPort !== 12345 || intact.flows[0]?.packets !== 3)
      throw new Error(JSON.stringify(intact));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.nat(),
        (flips, cut) => {
          const d = ipfixMessage();
          for (const [at, value] of flips) d[2 + (at % (d.length - 2))] = value;
          const out = decodeExport(d.subarray(0, 2 + (cut % (d.length - 1))), 'x', new TemplateCache());
          return out.flows.length <= 1;
        },
      ),
      { numRuns: 5000, seed: 4 },
    );
  });
});
