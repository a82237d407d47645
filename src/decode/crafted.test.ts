/**
 * Decoder cases the shared captures do not contain (QinQ, SLL, raw IP, IPv6 extension headers,
 * fragments, damaged headers), made by re-framing a real packet from tcp_handshake.pcapng.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { RawFrame } from '../acquisition/frame.js';
import { readCapture } from '../acquisition/pcap/index.js';
import { HAVE_PCAPS, NO_PCAPS_REASON, pcap } from '../acquisition/testing/datasets.js';
import { ipv6String } from './addresses.js';
import { decodeFrame } from './index.js';

function frame(data: Uint8Array, linkType = 1): RawFrame {
  return { tsMicros: 1, ifIndex: 0, linkType, wireLength: data.length, data, fileOffset: 1000 };
}

const cat = (...parts: ArrayLike<number>[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

const codes = (data: Uint8Array, linkType = 1): string[] =>
  (decodeFrame(frame(data, linkType)).anomalies ?? []).map((a) => `${a.code}@${a.offset}`);

describe('IPv6 text form (RFC 5952)', () => {
  const v6 = (hex: string): string =>
    ipv6String(Uint8Array.from(Buffer.from(hex.replace(/[^0-9a-f]/g, ''), 'hex')), 0);
  it('compresses the longest zero run and keeps single zero groups', () => {
    expect(v6('2001 0db8 0000 0000 0000 0000 0000 0001')).toBe('2001:db8::1');
    expect(v6('2001 0db8 0000 0001 0000 0000 0000 0001')).toBe('2001:db8:0:1::1');
    expect(v6('2001 0db8 0000 0000 0001 0000 0000 0001')).toBe('2001:db8::1:0:0:1');
    expect(v6('2001 0db8 0001 0000 0001 0001 0001 0001')).toBe('2001:db8:1:0:1:1:1:1');
    expect(v6('0000 0000 0000 0000 0000 0000 0000 0001')).toBe('::1');
    expect(v6('0000 0000 0000 0000 0000 0000 0000 0000')).toBe('::');
    expect(v6('fe80 0000 0000 0000 0000 0000 0000 0000')).toBe('fe80::');
    expect(v6('0000 0000 0000 0000 0000 ffff c000 0201')).toBe('::ffff:192.0.2.1');
  });
});

describe.skipIf(!HAVE_PCAPS)(`re-framed real packet (${HAVE_PCAPS ? 'present' : NO_PCAPS_REASON})`, () => {
  let syn = new Uint8Array();
  let ip = new Uint8Array();
  let macs = new Uint8Array();
  beforeAll(async () => {
    for await (const batch of readCapture(pcap('benign/tcp_handshake.pcapng.gz'))) {
      syn = (batch[0] as RawFrame).data.slice();
      break;
    }
    macs = syn.subarray(0, 12);
    ip = syn.subarray(14);
  });
  const expected = {
    srcIp: '172.16.16.128',
    dstIp: '212.58.226.142',
    srcPort: 2826,
    dstPort: 80,
    tcpFlags: 0x02,
    proto: 'tcp',
    ipVersion: 4,
  };

  it('is the SYN we expect (tshark: 172.16.16.128:2826 -> 212.58.226.142:80)', () => {
    expect(decodeFrame(frame(syn))).toMatchObject({ ...expected, vlan: undefined, anomalies: undefined });
  });

  it('decodes 802.1Q and QinQ tags, naming the outer VLAN', () => {
    const dot1q = cat(macs, [0x81, 0x00, 0x00, 0x64], [0x08, 0x00], ip);
    expect(decodeFrame(frame(dot1q))).toMatchObject({ ...expected, vlan: 100 });
    const qinq = cat(macs, [0x88, 0xa8, 0x20, 0xc8], [0x81, 0x00, 0x00, 0x64], [0x08, 0x00], ip);
    expect(decodeFrame(frame(qinq))).toMatchObject({ ...expected, vlan: 200 });
  });

  it('decodes Linux cooked capture v1 and v2, raw IP, BSD loopback, MPLS and PPPoE', () => {
    const sll = cat([0, 0, 0, 1, 0, 6], macs.subarray(0, 6), [0, 0], [0x08, 0x00], ip);
    expect(decodeFrame(frame(sll, 113))).toMatchObject(expected);
    const sll2 = cat([0x08, 0x00, 0, 0, 0, 0, 0, 2, 0, 1, 0, 6], macs.subarray(0, 6), [0, 0], ip);
    expect(decodeFrame(frame(sll2, 276))).toMatchObject(expected);
    expect(decodeFrame(frame(ip, 101))).toMatchObject(expected);
    expect(decodeFrame(frame(ip, 228))).toMatchObject(expected);
    expect(decodeFrame(frame(cat([2, 0, 0, 0], ip), 0))).toMatchObject(expected);
    expect(decodeFrame(frame(cat([0, 0, 0, 2], ip), 108))).toMatchObject(expected);
    expect(decodeFrame(frame(cat(macs, [0x88, 0x47], [0, 0x01, 0x01, 0x40], ip)))).toMatchObject(expected);
    expect(
      decodeFrame(frame(cat(macs, [0x88, 0x64], [0x11, 0, 0, 1, 0, ip.length + 2, 0, 0x21], ip))),
    ).toMatchObject(expected);
  });

  it('flags IPv4 fragments; a later fragment names the protocol but has no ports', () => {
    const first = syn.slice();
    first[14 + 6] = 0x20; // MF, offset 0
    expect(decodeFrame(frame(first))).toMatchObject({ ...expected, fragment: true });
    const later = syn.slice();
    later[14 + 6] = 0x00;
    later[14 + 7] = 0xb9; // offset 185 * 8
    expect(decodeFrame(frame(later))).toMatchObject({
      proto: 'tcp',
      ipProto: 6,
      fragment: true,
      srcPort: 0,
      dstPort: 0,
    });
  });

  it('walks IPv6 extension headers (hop-by-hop, destination options, fragment) to UDP', () => {
    const udp = [0x30, 0x39, 0x00, 0x35, 0x00, 0x0c, 0, 0, 0xde, 0xad, 0xbe, 0xef];
    const hopByHop = [60, 0, 1, 4, 0, 0, 0, 0]; // next: destination options; PadN
    const destOpts = [44, 0, 1, 4, 0, 0, 0, 0]; // next: fragment
    const fragment = [17, 0, 0x00, 0x01, 0x12, 0x34, 0x56, 0x78]; // next: UDP; offset 0, M=1
    const payloadLen = hopByHop.length + destOpts.length + fragment.length + udp.length;
    const v6 = cat(
      [0x60, 0, 0, 0, 0, payloadLen, 0, 57],
      [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
      [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2],
      hopByHop,
      destOpts,
      fragment,
      udp,
    );
    const pkt = decodeFrame(frame(cat(macs, [0x86, 0xdd], v6)));
    expect(pkt).toMatchObject({
      ipVersion: 6,
      srcIp: '2001:db8::1',
      dstIp: '2001:db8::2',
      ttl: 57,
      ipProto: 17,
      proto: 'udp',
      srcPort: 12345,
      dstPort: 53,
      fragment: true,
      payloadLength: 4,
      anomalies: undefined,
    });
    const cut = cat(macs, [0x86, 0xdd], v6.subarray(0, 40 + 12));
    expect(codes(cut)).toEqual(['ipv6.extension-truncated@62']);
  });

  it('turns every truncation of the frame into an anomaly at the right layer, never a throw', () => {
    const seen = new Set<string>();
    for (let len = 0; len < syn.length; len++) {
      const found = codes(syn.subarray(0, len));
      for (const c of found) seen.add(c);
      if (len < 14) expect(found).toEqual(['eth.truncated@0']);
      else if (len < 34) expect(found).toEqual(['ipv4.truncated@14']);
      else if (len < 54) expect(found).toEqual(['tcp.truncated@34']);
      else expect(found).toEqual(['tcp.options-truncated@54']);
    }
    expect([...seen].sort()).toEqual([
      'eth.truncated@0',
      'ipv4.truncated@14',
      'tcp.options-truncated@54',
      'tcp.truncated@34',
    ]);
  });

  it('reports damaged headers with their offsets and the file offset of the frame', () => {
    const badIhl = syn.slice();
    badIhl[14] = 0x43;
    expect(codes(badIhl)).toEqual(['ipv4.bad-header-length@14']);
    const badVersion = syn.slice();
    badVersion[14] = 0x55;
    expect(codes(badVersion)).toEqual(['ipv4.bad-version@14']);
    const badOffset = syn.slice();
    badOffset[14 + 20 + 12] = 0x30;
    expect(codes(badOffset)).toEqual(['tcp.bad-data-offset@46']);
    const badOption = syn.slice();
    badOption[14 + 20 + 20] = 2; // MSS kind ...
    badOption[14 + 20 + 21] = 0; // ... with length 0
    expect(codes(badOption)).toEqual(['tcp.bad-option@54']);
    expect(decodeFrame(frame(badOption)).anomalies?.[0]?.fileOffset).toBe(1000);
    expect(codes(syn, 9999)).toEqual(['link.unsupported-type@0']);
  });
});
