import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { parseZeekConn, readZeekConn } from './index.js';
import { expectValidFlows } from '../testing/flow-records.case.js';

const sample = (name: string): string => fileURLToPath(new URL(`./testdata/${name}`, import.meta.url));

describe('readZeekConn on real Zeek output (see testdata/README.md)', () => {
  it('reads a complete TSV conn.log', async () => {
    const { records, problems } = await readZeekConn(sample('zeek-conn.log'));
    expect(problems).toEqual([]);
    expect(records).toEqual([
      {
        id: 'zeek-CvVbVi3kNVC4LPU90f',
        proto: 'udp',
        origIp: '192.168.1.99',
        origPort: 62978,
        respIp: '192.168.1.1',
        respPort: 53,
        startMicros: 1632928690500620,
        endMicros: 1632928690528268,
        origPackets: 1,
        respPackets: 1,
        origBytes: 55,
        respBytes: 134,
        origWireBytes: 83,
        respWireBytes: 162,
        flag: 'SF',
        service: 'domain_u',
        endReason: 'fin',
        fragments: 0,
        wrongFragments: 0,
        urgent: 0,
        land: false,
        source: 'zeek',
      },
    ]);
  });

  it('maps every conn_state of a real log to a KDD flag', async () => {
    const { records, problems } = await readZeekConn(sample('brimdata-zed-conn.log'));
    expect(problems).toEqual([]);
    expectValidFlows(records);
    expect(records.map((f) => [f.respPort, f.flag, f.service, f.origPackets, f.respWireBytes])).toEqual([
      [3389, 'RSTR', 'other', 10, 342],
      [23189, 'REJ', 'other', 2, 80],
      [443, 'S0', 'http_443', 2, 0],
      [8080, 'RSTOS0', 'other', 2, 0],
      [80, 'RSTO', 'http', 4, 678],
      [3389, 'RSTR', 'other', 4, 222], // RSTRH
      [80, 'RSTO', 'http', 10, 854],
      [443, 'RSTO', 'http_443', 14, 4004],
    ]);
  });

  it('reads a JSON conn record', async () => {
    const { records, problems } = await readZeekConn(sample('firewalla-conn.json'));
    expect(problems).toEqual([]);
    expect(records[0]).toMatchObject({
      id: 'zeek-CTPhHjfLC1DepnDF3',
      proto: 'tcp',
      origIp: '192.168.1.201',
      respPort: 80,
      startMicros: 1710209544631895,
      endMicros: 1710209544631895 + 344763,
      origBytes: 79,
      respBytes: 674,
      origPackets: 6,
      respWireBytes: 890,
      flag: 'SF',
      service: 'http',
    });
  });
});

describe('parseZeekConn', () => {
  it('names the lines it cannot use', () => {
    const { records, problems } = parseZeekConn([
      '1.0\tC1\t1.2.3.4\t1\t5.6.7.8\t2\ttcp',
      '#separator \\x09',
      '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto',
      'XXXXXXXXXX.XXXXXX\tC2\t1.2.3.4\t1\t5.6.7.8\t2\ttcp',
      '1.5\tC3\t1.2.3.4\t1\t5.6.7.8',
      '{"ts":"2026-11-26T10:00:00.000001Z","id.orig_h":"1.2.3.4","id.orig_p":8,"id.resp_h":"5.6.7.8","id.resp_p":0,"proto":"icmp","conn_state":"OTH"}',
      '{"ts":1.0,',
      '{"ts":1.0}',
    ]);
    expect(problems.map((p) => `${p.lineNo}:${p.code}`)).toEqual([
      '1:zeek.no-fields-header',
      '4:zeek.bad-time',
      '5:zeek.field-count',
      '7:zeek.bad-json',
      '8:zeek.missing-field',
    ]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      proto: 'icmp',
      startMicros: Date.UTC(2026, 10, 26, 10) * 1000 + 1,
      service: 'eco_i',
      flag: 'OTH',
    });
  });
});
