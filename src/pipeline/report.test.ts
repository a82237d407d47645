import { describe, expect, it } from 'vitest';
import type { StepLabel } from '../lab/labels.js';
import type { Decision, Flow } from '../records/index.js';
import type { FlowVerdict } from './pipeline.js';
import { buildReport, countConfusion, percentile } from './report.js';

const ATK = '10.0.0.66';
const CLI = '10.0.0.101';
const VIC = '10.0.0.11';

function step(id: string, kind: 'attack' | 'benign', source: string, from: number, to: number, ports?: number[]): StepLabel {
  return {
    id, tool: 't', kind, category: kind === 'attack' ? 'flood' : 'benign', source: { host: id, ip: source },
    targets: [{ host: 'vic', ip: VIC }], ...(ports ? { targetPorts: ports } : {}), background: false,
    windowStartMicros: from, windowEndMicros: to, windowStart: '', windowEnd: '', maxSeconds: 1, params: {},
    commands: { argvExample: [], runs: 1, exitCodes: {} }, timedOut: false,
  };
}

function verdict(id: string, orig: string, start: number, end: number, flagged: boolean, emitted = end, processingMs = 1): FlowVerdict {
  const flow: Flow = {
    id, proto: 'tcp', origIp: orig, origPort: 40000, respIp: VIC, respPort: 80, startMicros: start, endMicros: end,
    origPackets: 1, respPackets: 1, origBytes: 0, respBytes: 0, origWireBytes: 60, respWireBytes: 60, flag: 'SF',
    service: 'http', endReason: 'fin', fragments: 0, wrongFragments: 0, urgent: 0, land: false,
  };
  return { agent: 'vic', flow, emittedMicros: emitted, score: flagged ? 1 : 0, flagged, flaggedByAuthLog: false, processingMs };
}

describe('replay report', () => {
  const steps = [step('flood', 'attack', ATK, 10e6, 20e6, [80]), step('browse', 'benign', CLI, 0, 100e6)];

  it('counts DR and FAR at the flow level as a hand count does', () => {
    // 4 attack flows (3 flagged), 5 benign flows (1 flagged), 1 attacker flow far outside its window (unknown).
    const v = [
      verdict('a1', ATK, 11e6, 11.5e6, true),
      verdict('a2', ATK, 12e6, 12.5e6, true),
      verdict('a3', ATK, 13e6, 13.5e6, true),
      verdict('a4', ATK, 14e6, 14.5e6, false),
      verdict('b1', CLI, 1e6, 2e6, false),
      verdict('b2', CLI, 3e6, 4e6, true),
      verdict('b3', CLI, 5e6, 6e6, false),
      verdict('b4', CLI, 7e6, 8e6, false),
      verdict('b5', CLI, 30e6, 31e6, false),
      verdict('u1', ATK, 60e6, 61e6, true),
    ];
    expect(countConfusion(v, steps, 1e6)).toEqual({ tp: 3, fn: 1, fp: 1, tn: 4, unknown: 1 });
    const r = buildReport(v, [], [], steps, 1e6);
    expect(r.detectionRate).toBeCloseTo(0.75, 12);
    expect(r.falseAlarmRate).toBeCloseTo(0.2, 12);
  });

  it('times the response from flow end and flags decisions against benign-only hosts', () => {
    const v = [verdict('a1', ATK, 11e6, 11.5e6, true, 11.5e6 + 20_000, 4), verdict('b1', CLI, 1e6, 2e6, false, 2e6 + 40_000, 2)];
    const alert = { id: 'A1', tsMicros: 11.52e6, entity: { kind: 'ip' as const, value: ATK }, score: 1, category: 'flood', detector: 'x', modelVersions: [], evidence: { flowIds: ['a1'] } };
    const d = (target: string, at: number): Decision => ({ id: target, createdMicros: at, action: 'block', target, ttlSeconds: 60, reason: '', alertIds: [], origin: 'profile', dryRun: true });
    const r = buildReport(v, [alert], [d(ATK, 11.6e6), d(CLI, 12e6)], steps, 1e6);
    expect(r.waitP50Ms).toBeCloseTo(30, 9); // waits 20 and 40 ms
    expect(r.responseP50Ms).toBeCloseTo(33, 9); // 24 and 42 ms
    expect(r.steps[0]).toMatchObject({ stepId: 'flood', flows: 1, detectedFlows: 1 });
    expect(r.steps[0]!.toAlertSeconds).toBeCloseTo(0.52, 9);
    expect(r.steps[0]!.toDecisionSeconds).toBeCloseTo(0.6, 9);
    expect(r.benignTargeted.map((x) => x.target)).toEqual([CLI]);
  });

  it('interpolates percentiles', () => {
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(percentile([], 0.5)).toBeNaN();
  });
});
