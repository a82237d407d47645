import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { EveParser, kddFlagFromTcpFlags, readEve } from './index.js';
import { expectValidFlows } from '../testing/flow-records.case.js';

const sample = (name: string): string => fileURLToPath(new URL(`./testdata/${name}`, import.meta.url));

describe('readEve on real Suricata output (see testdata/README.md)', () => {
  it('turns a flow event into a Flow and skips the http event', async () => {
    const out = await readEve(sample('suricata-verify-engine-state-03.json'));
    expect(out.problems).toEqual([]);
    expect([...out.skipped]).toEqual([['http', 1]]);
    expectValidFlows(out.flows);
    expect(out.flows).toEqual([
      {
        id: 'eve-1746257912426707',
        proto: 'tcp',
        origIp: '127.0.0.1',
        origPort: 60118,
        respIp: '127.0.0.1',
        respPort: 8080,
        startMicros: Date.UTC(2023, 11, 27, 8, 54, 54, 668) * 1000 + 726,
        endMicros: Date.UTC(2023, 11, 27, 8, 54, 54, 669) * 1000 + 293,
        origPackets: 5,
        respPackets: 5,
        origBytes: 0,
        respBytes: 0,
        origWireBytes: 626,
        respWireBytes: 338,
        // tcp_flags_ts 0x1b (FIN SYN PSH ACK), tcp_flags_tc 0x13 (FIN SYN ACK): a complete connection.
        flag: 'SF',
        service: 'other',
        endReason: 'fin',
        fragments: 0,
        wrongFragments: 0,
        urgent: 0,
        land: false,
        source: 'suricata',
      },
    ]);
  });

  it('turns an alert event into an Alert', async () => {
    const out = await readEve(sample('suricata-verify-alert-testmyids.json'));
    expect(out.alerts).toEqual([
      {
        id: `eve-alert-2100498-${Date.UTC(2016, 6, 13, 22, 42, 7, 573) * 1000 + 103}-0`,
        tsMicros: Date.UTC(2016, 6, 13, 22, 42, 7, 573) * 1000 + 103,
        entity: { kind: 'ip', value: '82.165.177.154' },
        target: '10.16.1.11:54186',
        score: 0.75,
        category: 'potentially bad traffic',
        detector: 'suricata',
        modelVersions: ['suricata-sid-2100498@7'],
        evidence: { flowIds: ['eve-1842518484266121'], note: 'GPL ATTACK_RESPONSE id check returned root' },
      },
    ]);
  });
});

describe('EveParser', () => {
  it('names lines it cannot use', () => {
    const p = new EveParser();
    p.line('{"event_type":"flow"', 1);
    p.line('{"event_type":"flow","src_ip":"1.2.3.4"}', 2);
    p.line('{"event_type":"alert","timestamp":"nope","src_ip":"1.2.3.4","alert":{}}', 3);
    p.line('{"event_type":"stats"}', 4);
    expect(p.out.problems.map((x) => `${x.lineNo}:${x.code}`)).toEqual([
      '1:eve.bad-json',
      '2:eve.incomplete-flow',
      '3:eve.incomplete-alert',
    ]);
    expect([...p.out.skipped]).toEqual([['stats', 1]]);
  });

  it('infers KDD flags from the flags each side sent', () => {
    expect(kddFlagFromTcpFlags(0x02, 0, 0)).toBe('S0');
    expect(kddFlagFromTcpFlags(0x02, 0x14, 1)).toBe('REJ');
    expect(kddFlagFromTcpFlags(0x1b, 0x13, 5)).toBe('SF');
    expect(kddFlagFromTcpFlags(0x12, 0x12, 3)).toBe('S1');
    expect(kddFlagFromTcpFlags(0x16, 0x12, 3)).toBe('RSTO');
    expect(kddFlagFromTcpFlags(0x12, 0x16, 3)).toBe('RSTR');
    expect(kddFlagFromTcpFlags(0x06, 0, 0)).toBe('RSTOS0');
  });
});
