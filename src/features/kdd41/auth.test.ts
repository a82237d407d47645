import { describe, it, expect } from 'vitest';
import { AuthEventIndex } from './auth.js';
import { Kdd41Extractor, KDD41_COLUMNS } from './index.js';
import type { Flow } from '../../records/flow.js';
import type { LogEvent } from '../../records/log-event.js';

const flow: Flow = {
  proto: 'tcp', origIp: '10.0.0.66', origPort: 50022, respIp: '10.0.0.1', respPort: 22, id: 'f1',
  startMicros: 100e6, endMicros: 110e6, origPackets: 20, respPackets: 20, origBytes: 3000, respBytes: 4000,
  origWireBytes: 4000, respWireBytes: 5000, flag: 'SF', service: 'ssh', endReason: 'fin', fragments: 0,
  wrongFragments: 0, urgent: 0, land: false,
};

function event(ts: number, outcome: LogEvent['outcome'], srcIp = '10.0.0.66', srcPort?: number): LogEvent {
  return { source: 'auth', tsMicros: ts * 1e6, host: 'victim', outcome, srcIp, srcPort, raw: '' };
}

function features(index: AuthEventIndex): Record<string, number> {
  const out = new Float32Array(41);
  new Kdd41Extractor({ auth: index }).write(0, flow, out, 0);
  return Object.fromEntries(KDD41_COLUMNS.map((c, i) => [c, out[i]!]));
}

describe('num_failed_logins and logged_in from the auth log', () => {
  it('counts failures of this client inside the flow (±2 s), by port when the log names one', () => {
    const index = new AuthEventIndex();
    index.add(event(101, 'auth-failure', '10.0.0.66', 50022));
    index.add(event(103, 'auth-failure'));
    index.add(event(105, 'invalid-user'));
    index.add(event(104, 'auth-failure', '10.0.0.66', 50023)); // another connection of the same client
    index.add(event(130, 'auth-failure')); // long after
    index.add(event(104, 'auth-failure', '10.0.0.99')); // another client
    const f = features(index);
    expect(f.num_failed_logins).toBe(3);
    expect(f.logged_in).toBe(0);
  });

  it('a success logs the session in', () => {
    const index = new AuthEventIndex();
    index.add(event(101, 'auth-failure'));
    index.add(event(108, 'auth-success'));
    expect([features(index).num_failed_logins, features(index).logged_in]).toEqual([1, 1]);
  });

  it('without matching events, logged_in falls back to payload both ways', () => {
    expect(features(new AuthEventIndex()).logged_in).toBe(1);
  });
});
