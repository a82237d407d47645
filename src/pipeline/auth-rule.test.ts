import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../records/index.js';
import { AuthRule, fitAuthRule } from './auth-rule.js';

const fail = (ip: string, s: number, outcome: LogEvent['outcome'] = 'auth-failure'): LogEvent => ({ source: 'auth', tsMicros: s * 1e6, host: 'vic', outcome, srcIp: ip, srcPort: 1000 + s, raw: '' });

describe('auth-log rule', () => {
  it('fits one more than the most benign failures in a window, ignoring attackers', () => {
    const events = [fail('c1', 0), fail('c1', 30), fail('c1', 200), fail('c2', 5), fail('a', 1), fail('a', 2), fail('a', 3), fail('c1', 40, 'auth-success')];
    expect(fitAuthRule(events, (ip) => ip === 'a', 60)).toEqual({ windowSeconds: 60, failures: 3 });
  });

  it('fires when an address reaches the count inside the window, not across windows', () => {
    const rule = new AuthRule({ windowSeconds: 10, failures: 3 });
    expect(rule.observe(fail('x', 0))).toBeUndefined();
    expect(rule.observe(fail('x', 5))).toBeUndefined();
    expect(rule.observe(fail('x', 20))).toBeUndefined(); // the first two aged out
    expect(rule.observe(fail('y', 21))).toBeUndefined();
    expect(rule.observe(fail('x', 22))).toBeUndefined();
    const hit = rule.observe(fail('x', 25, 'invalid-user'));
    expect(hit).toMatchObject({ srcIp: 'x', failures: 3 });
    expect(hit!.events.map((e) => e.tsMicros)).toEqual([20e6, 22e6, 25e6]);
  });
});
