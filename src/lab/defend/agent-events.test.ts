import { describe, expect, it } from 'vitest';
import { formatStampedLine, parseAgentLine, parseAgentLog } from './agent-events.js';

describe('agent events from vigil run output', () => {
  it('reads alerts, decisions and actions as vigil run prints them', () => {
    expect(parseAgentLine(5, 'alert scan 10.77.0.66 -> 10.77.0.11:995 score 0.95 (random-forest)')).toEqual({
      kind: 'alert',
      micros: 5,
      category: 'scan',
      ip: '10.77.0.66',
      score: 0.95,
    });
    expect(
      parseAgentLine(
        6,
        'decision D1: block 10.77.0.66 for 600 s: profile scan: 5 alerts in 0s (scan; max score 0.98)',
      ),
    ).toEqual({
      kind: 'decision',
      micros: 6,
      id: 'D1',
      action: 'block',
      ip: '10.77.0.66',
      ttlSeconds: 600,
    });
    expect(parseAgentLine(7, 'action D1: applied by nftables (block_v4)')).toEqual({
      kind: 'action',
      micros: 7,
      decisionId: 'D1',
      status: 'applied',
      backend: 'nftables',
    });
    expect(parseAgentLine(8, 'effect D1: block 10.77.0.66 40 packets dropped (nftables)')).toEqual({
      kind: 'effect',
      micros: 8,
      decisionId: 'D1',
      action: 'block',
      ip: '10.77.0.66',
      packets: 40,
    });
    expect(parseAgentLine(9, '19958 frames, 15 log events')).toBeUndefined();
  });

  it('keeps the stamp of each line and skips lines that are not stamped or not events', () => {
    const text = [
      formatStampedLine(100, 'alert flood 10.77.0.67 -> ? score 1.00 (random-forest)'),
      'no tab here',
      'x\talert scan 1.2.3.4 -> ? score 1',
      formatStampedLine(200, 'other'),
      '',
    ].join('\n');
    const events = parseAgentLog(text);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'alert', micros: 100, ip: '10.77.0.67' });
  });
});
