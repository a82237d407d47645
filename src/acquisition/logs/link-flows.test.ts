import { describe, expect, it } from 'vitest';
import type { Flow } from '../../records/flow.js';
import type { LogEvent } from '../../records/log-event.js';
import { linkLogEventsToFlows } from './link-flows.js';

const flow = (
  id: string,
  origIp: string,
  origPort: number,
  startMicros: number,
  endMicros: number,
): Flow => ({
  id,
  proto: 'tcp',
  origIp,
  origPort,
  respIp: '10.0.0.1',
  respPort: 22,
  startMicros,
  endMicros,
  origPackets: 1,
  respPackets: 1,
  origBytes: 0,
  respBytes: 0,
  origWireBytes: 0,
  respWireBytes: 0,
  flag: 'SF',
  service: 'ssh',
  endReason: 'fin',
  fragments: 0,
  wrongFragments: 0,
  urgent: 0,
  land: false,
});
const event = (tsMicros: number, srcIp?: string, srcPort?: number): LogEvent => ({
  source: 'auth',
  tsMicros,
  host: 'lab',
  outcome: 'auth-failure',
  raw: '',
  ...(srcIp === undefined ? {} : { srcIp }),
  ...(srcPort === undefined ? {} : { srcPort }),
});

describe('linkLogEventsToFlows', () => {
  const flows = [
    flow('f1', '10.0.0.9', 40000, 1_000_000, 5_000_000),
    flow('f2', '10.0.0.9', 40000, 60_000_000, 61_000_000),
    flow('f3', '10.0.0.8', 40000, 1_000_000, 5_000_000),
  ];

  it('links by client address, port and time, choosing the closest flow', () => {
    const linked = linkLogEventsToFlows(
      [
        event(3_000_000, '10.0.0.9', 40000),
        event(61_500_000, '10.0.0.9', 40000),
        event(6_500_000, '10.0.0.9', 40000),
        event(30_000_000, '10.0.0.9', 40000),
        event(3_000_000, '10.0.0.9', 40001),
        event(3_000_000),
      ],
      flows,
    );
    expect(linked.map((e) => e.flowId)).toEqual(['f1', 'f2', 'f1', undefined, undefined, undefined]);
  });

  it('does not modify its inputs', () => {
    const input = [event(3_000_000, '10.0.0.9', 40000)];
    linkLogEventsToFlows(input, flows);
    expect(input[0]?.flowId).toBeUndefined();
  });
});
