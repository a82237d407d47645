import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../decision/cidr.js';
import { entriesFromNftJson, NftJsonError } from './nft-json.js';
import { elementOpScript, setNameFor } from './nft-script.js';

// Shape of `nft -j list table inet vigil` from nft 1.0.6 (trimmed): plain, prefix and timed elements.
const SAMPLE = JSON.stringify({
  nftables: [
    { metainfo: { version: '1.0.6', json_schema_version: 1 } },
    { table: { family: 'inet', name: 'vigil', handle: 1 } },
    {
      set: {
        family: 'inet',
        name: 'block_v4',
        table: 'vigil',
        type: 'ipv4_addr',
        flags: ['timeout'],
        elem: [
          { elem: { val: '10.203.0.5', timeout: 3600, expires: 3599, counter: { packets: 7, bytes: 420 } } },
          { elem: { val: '10.203.0.6', counter: { packets: 0, bytes: 0 } } },
        ],
      },
    },
    {
      set: {
        family: 'inet',
        name: 'block_v4_net',
        table: 'vigil',
        type: 'ipv4_addr',
        elem: [{ elem: { val: { prefix: { addr: '10.99.0.0', len: 16 } }, expires: 29 } }],
      },
    },
    { set: { family: 'inet', name: 'rate50_v6', table: 'vigil', type: 'ipv6_addr', elem: ['2001:db8::1'] } },
    { set: { family: 'inet', name: 'meter50_v6', table: 'vigil', type: 'ipv6_addr', elem: ['2001:db8::1'] } },
    {
      set: {
        family: 'inet',
        name: 'mgmt_v4',
        table: 'vigil',
        type: 'ipv4_addr',
        elem: [{ prefix: { addr: '10.203.250.0', len: 24 } }],
      },
    },
  ],
});

describe('entriesFromNftJson', () => {
  it('reads actions, targets, timeouts, counters and rate classes; skips meters and management sets', () => {
    const { entries, rates } = entriesFromNftJson(SAMPLE);
    expect(entries).toEqual([
      { action: 'block', target: '10.203.0.5', expiresInSeconds: 3599, packets: 7, bytes: 420 },
      { action: 'block', target: '10.203.0.6', packets: 0, bytes: 0 },
      { action: 'block', target: '10.99.0.0/16', expiresInSeconds: 29 },
      { action: 'rate-limit', target: '2001:db8::1', rate: 50 },
    ]);
    expect(rates).toEqual([50]);
  });
  it('names bad output instead of crashing', () => {
    expect(() => entriesFromNftJson('Error: no such table')).toThrow(NftJsonError);
  });
});

describe('nft script', () => {
  it('puts addresses in hash sets and prefixes in interval sets, per family and rate class', () => {
    expect(setNameFor('block', parseCidr('10.1.1.1'))).toBe('block_v4');
    expect(setNameFor('quarantine', parseCidr('fd00::/64'))).toBe('quar_v6_net');
    expect(setNameFor('rate-limit', parseCidr('10.1.0.0/16'), 25)).toBe('rate25_v4_net');
  });
  it('replaces an element (add; delete; add with timeout) and deletes without failing on absence', () => {
    expect(elementOpScript('vigil', 'add', 'block_v4', parseCidr('10.1.1.1'), 60)).toEqual([
      'add element inet vigil block_v4 { 10.1.1.1 }',
      'delete element inet vigil block_v4 { 10.1.1.1 }',
      'add element inet vigil block_v4 { 10.1.1.1 timeout 60s }',
    ]);
    expect(elementOpScript('vigil', 'delete', 'block_v4', parseCidr('10.1.1.1'), 60)).toHaveLength(2);
    expect(elementOpScript('vigil', 'add', 'block_v4', parseCidr('10.1.1.1'), 0)[2]).toBe(
      'add element inet vigil block_v4 { 10.1.1.1 }',
    );
  });
});
