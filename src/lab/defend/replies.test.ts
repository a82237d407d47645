import { describe, expect, it } from 'vitest';
import { TcpFlag } from '../../records/index.js';
import type { StepLabel } from '../labels.js';
import { ReplyTracker, type TrackedPacket } from './replies.js';

const ATK = '10.77.0.66';
const VIC = '10.77.0.11';
const { SYN, ACK, RST, PSH } = TcpFlag;

function step(id: string, targetPorts?: number[]): StepLabel {
  return {
    id, tool: 'nmap-syn', kind: 'attack', category: 'scan', source: { host: 'atk1', ip: ATK }, targets: [{ host: 'vic1', ip: VIC }],
    ...(targetPorts ? { targetPorts } : {}), background: false, windowStartMicros: 1_000_000, windowEndMicros: 9_000_000,
    windowStart: '', windowEnd: '', maxSeconds: 10, params: {}, commands: { argvExample: [], runs: 1, exitCodes: {} }, timedOut: false,
  } as StepLabel;
}

function out(ts: number, sport: number, dport: number, flags: number, seq: number, len = 0, ack?: number): TrackedPacket {
  return { tsMicros: ts, srcIp: ATK, dstIp: VIC, srcPort: sport, dstPort: dport, proto: 'tcp', tcpFlags: flags, tcpSeq: seq, ...(ack !== undefined ? { tcpAck: ack } : {}), payloadLength: len };
}
function back(ts: number, sport: number, dport: number, flags: number, seq: number, ack: number, len = 0): TrackedPacket {
  return { tsMicros: ts, srcIp: VIC, dstIp: ATK, srcPort: dport, dstPort: sport, proto: 'tcp', tcpFlags: flags, tcpSeq: seq, tcpAck: ack, payloadLength: len };
}

describe('ReplyTracker: when the victim stopped answering the attacker', () => {
  it('a SYN scan: answered SYNs until the block, unanswered ones after it', () => {
    const t = new ReplyTracker([step('scan')], 1_000_000);
    t.add(out(2_000_000, 40000, 22, SYN, 100));
    t.add(back(2_000_100, 40000, 22, SYN | ACK, 5000, 101));
    t.add(out(2_000_200, 40000, 22, RST, 101)); // the attacker's kernel resets: asks for nothing
    t.add(out(2_100_000, 40000, 23, SYN, 300));
    t.add(back(2_100_100, 40000, 23, RST | ACK, 0, 301));
    t.add(out(2_500_000, 40000, 24, SYN, 400)); // blocked from here on
    t.add(out(2_600_000, 40000, 25, SYN, 500));
    const r = t.results().get(`scan|${VIC}`)!;
    expect(r).toMatchObject({ firstAttackerMicros: 2_000_000, attackerPackets: 5, answered: 2, lastAnswerMicros: 2_100_100, unanswered: 2, unansweredAfterLastAnswer: 2 });
  });

  it("the victim's own retransmissions after the block are not answers: they do not acknowledge new data", () => {
    const t = new ReplyTracker([step('brute', [22])], 1_000_000);
    t.add(out(2_000_000, 41000, 22, SYN, 1000));
    t.add(back(2_000_100, 41000, 22, SYN | ACK, 7000, 1001));
    t.add(out(2_000_200, 41000, 22, PSH | ACK, 1001, 20, 7001));
    t.add(back(2_000_300, 41000, 22, PSH | ACK, 7001, 1021, 40));
    t.add(out(3_000_000, 41000, 22, PSH | ACK, 1021, 30, 7041)); // dropped by the victim
    t.add(back(3_200_000, 41000, 22, PSH | ACK, 7001, 1021, 40)); // victim retransmits, same ack
    t.add(back(3_600_000, 41000, 22, PSH | ACK, 7001, 1021, 40));
    t.add(out(3_000_000, 41000, 80, SYN, 1)); // another port: not this step's
    const r = t.results().get(`brute|${VIC}`)!;
    expect(r.answered).toBe(2);
    expect(r.lastAnswerMicros).toBe(2_000_300);
    expect(r.unansweredAfterLastAnswer).toBe(1);
    expect(r.victimPackets).toBe(4);
  });

  it('ignores packets outside the window with its slack', () => {
    const t = new ReplyTracker([step('scan')], 500_000);
    t.add(out(400_000, 40000, 22, SYN, 1));
    t.add(out(9_600_000, 40000, 22, SYN, 1));
    expect(t.results().get(`scan|${VIC}`)!.attackerPackets).toBe(0);
  });
});
