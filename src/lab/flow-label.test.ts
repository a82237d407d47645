import { describe, expect, it } from 'vitest';
import type { FlowKey } from '../records/flow.js';
import { labelFlow, type FlowTimes } from './flow-label.js';
import type { StepLabel } from './labels.js';

const S = 1_000_000;
const atk = { host: 'atk1', ip: '10.77.0.66' };
const cli = { host: 'cli1', ip: '10.77.0.101' };
const vic1 = { host: 'vic1', ip: '10.77.0.11' };
const vic2 = { host: 'vic2', ip: '10.77.0.12' };

type RuleStep = Parameters<typeof labelFlow>[1][number];
function step(over: Partial<StepLabel> & Pick<StepLabel, 'id' | 'kind' | 'category'>): RuleStep {
  return { source: atk, targets: [vic1], windowStartMicros: 100 * S, windowEndMicros: 110 * S, ...over };
}

const scan = step({ id: 'scan', kind: 'attack', category: 'scan', technique: 'T1046', targets: [vic1, vic2] });
const brute = step({ id: 'brute', kind: 'attack', category: 'brute-force', targetPorts: [22], windowStartMicros: 120 * S, windowEndMicros: 150 * S });
const browse = step({ id: 'browse', kind: 'benign', category: 'benign', source: cli, targets: [vic1, vic2], targetPorts: [80, 8080], windowStartMicros: 90 * S, windowEndMicros: 200 * S });
const steps = [scan, brute, browse];

function flow(orig: string, origPort: number, resp: string, respPort: number, start: number, end = start): FlowKey & FlowTimes {
  return { proto: 'tcp', origIp: orig, origPort, respIp: resp, respPort, startMicros: start, endMicros: end };
}

describe('labelFlow (the labelling rule)', () => {
  it('labels a flow from the source to a target inside the window with the step', () => {
    expect(labelFlow(flow(atk.ip, 40000, vic2.ip, 443, 105 * S), steps, S)).toEqual({ label: 'attack', category: 'scan', stepId: 'scan', technique: 'T1046' });
  });

  it('matches either direction (the victim may be the flow originator)', () => {
    expect(labelFlow(flow(vic1.ip, 443, atk.ip, 40000, 105 * S), steps, S).stepId).toBe('scan');
  });

  it('honours the slack at both window ends, and no further', () => {
    expect(labelFlow(flow(atk.ip, 1, vic1.ip, 80, 99 * S), steps, S).stepId).toBe('scan');
    expect(labelFlow(flow(atk.ip, 1, vic1.ip, 80, 111 * S), steps, S).stepId).toBe('scan');
    expect(labelFlow(flow(atk.ip, 1, vic1.ip, 80, 98 * S), steps, S)).toEqual({ label: 'unknown', category: 'unknown', reason: 'attacker-outside-window' });
    expect(labelFlow(flow(atk.ip, 1, vic1.ip, 80, 112 * S - 1, 112 * S + 5), steps, S).label).toBe('unknown');
  });

  it('a long flow that started before the window still overlaps it', () => {
    expect(labelFlow(flow(atk.ip, 1, vic1.ip, 22, 114 * S, 125 * S), steps, S).stepId).toBe('brute');
    // Spanning two windows: the longer overlap wins (scan 99-111 s is 12 s, brute force 119-125 s is 6 s).
    expect(labelFlow(flow(atk.ip, 1, vic1.ip, 22, 80 * S, 125 * S), steps, S).stepId).toBe('scan');
  });

  it('checks the target port when the step lists ports', () => {
    expect(labelFlow(flow(atk.ip, 5, vic1.ip, 22, 130 * S), steps, S).stepId).toBe('brute');
    expect(labelFlow(flow(atk.ip, 5, vic1.ip, 80, 130 * S), steps, S).label).toBe('unknown');
    // vic2 is not a target of the brute force.
    expect(labelFlow(flow(atk.ip, 5, vic2.ip, 22, 130 * S), steps, S).label).toBe('unknown');
  });

  it('benign clients stay benign during attacks', () => {
    expect(labelFlow(flow(cli.ip, 5000, vic1.ip, 80, 105 * S), steps, S)).toEqual({ label: 'benign', category: 'benign', stepId: 'browse' });
    expect(labelFlow(flow(cli.ip, 5000, vic1.ip, 22, 105 * S), steps, S)).toEqual({ label: 'unknown', category: 'unknown', reason: 'no-step-for-addresses' });
  });

  it('prefers an attack step over a benign one, and the longest overlap among attacks', () => {
    const benignFromAtk = step({ id: 'atk-browse', kind: 'benign', category: 'benign', windowStartMicros: 0, windowEndMicros: 500 * S });
    expect(labelFlow(flow(atk.ip, 1, vic1.ip, 22, 125 * S), [benignFromAtk, brute], S).stepId).toBe('brute');
    const early = step({ id: 'early', kind: 'attack', category: 'flood', windowStartMicros: 100 * S, windowEndMicros: 102 * S });
    const late = step({ id: 'late', kind: 'attack', category: 'slow-dos', windowStartMicros: 101 * S, windowEndMicros: 140 * S });
    expect(labelFlow(flow(atk.ip, 1, vic1.ip, 80, 100 * S, 130 * S), [early, late], S).stepId).toBe('late');
    // Equal overlap: the step that started first.
    expect(labelFlow(flow(atk.ip, 1, vic1.ip, 80, 101 * S, 101 * S), [late, early], S).stepId).toBe('early');
  });

  it('flows between hosts no step names are unknown', () => {
    expect(labelFlow(flow(vic1.ip, 1, vic2.ip, 80, 105 * S), steps, S).reason).toBe('no-step-for-addresses');
  });
});
