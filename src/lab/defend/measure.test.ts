import { describe, expect, it } from 'vitest';
import type { RunLabels, StepLabel } from '../labels.js';
import type { AgentEvent } from './agent-events.js';
import { measureDefendedRun, type AgentInstance, type MeasureInput } from './measure.js';
import type { StepTargetPackets } from './replies.js';

const T0 = 10_000_000;

function step(id: string, category: string, attacker: string): StepLabel {
  return {
    id,
    tool: 'x',
    kind: 'attack',
    category,
    source: { host: 'atk', ip: attacker },
    targets: [{ host: 'vic1', ip: '10.77.0.11' }],
    background: false,
    windowStartMicros: T0,
    windowEndMicros: T0 + 5e6,
    windowStart: '',
    windowEnd: '',
    maxSeconds: 10,
    params: {},
    commands: { argvExample: [], runs: 1, exitCodes: {} },
    timedOut: false,
  } as StepLabel;
}

function labels(steps: StepLabel[]): RunLabels {
  return {
    scenario: 't',
    machine: { hostname: 'h', kernel: 'k', node: 'v' },
    startedAt: '',
    slackMicros: 1e6,
    steps,
    hosts: [{ name: 'cli1', role: 'client', ip: '10.77.0.101', ns: 'vl-cli1' }],
  } as unknown as RunLabels;
}

function packets(stepId: string, p: Partial<StepTargetPackets>): [string, StepTargetPackets] {
  return [
    `${stepId}|10.77.0.11`,
    {
      stepId,
      target: '10.77.0.11',
      attackerPackets: 100,
      victimPackets: 10,
      answered: 10,
      unanswered: 90,
      unansweredAfterLastAnswer: 90,
      ...p,
    },
  ];
}

function input(over: Partial<MeasureInput>): MeasureInput {
  const instance: AgentInstance = {
    victim: 'vic1',
    victimIp: '10.77.0.11',
    startedMicros: 0,
    stoppedMicros: T0 + 6e6,
    nftEntries: [{ action: 'block', target: '10.77.0.66', packets: 90 }],
  };
  return {
    labels: labels([]),
    events: new Map(),
    packets: new Map(),
    instances: [instance],
    failedLogins: new Map(),
    ...over,
  };
}

const blockEvents: AgentEvent[] = [
  { kind: 'alert', micros: T0 + 40_000, category: 'scan', ip: '10.77.0.66', score: 0.9 },
  { kind: 'decision', micros: T0 + 80_000, id: 'D1', action: 'block', ip: '10.77.0.66', ttlSeconds: 600 },
  { kind: 'action', micros: T0 + 81_000, decisionId: 'D1', status: 'applied', backend: 'nftables' },
];

describe('measureDefendedRun', () => {
  it('times from the first packet: alert, decision, applied, last answer; the bar for a scan is 1 s', () => {
    const r = measureDefendedRun(
      input({
        labels: labels([step('scan', 'scan', '10.77.0.66')]),
        events: new Map([['vic1', blockEvents]]),
        packets: new Map([
          packets('scan', { firstAttackerMicros: T0 + 1000, lastAnswerMicros: T0 + 79_000 }),
        ]),
      }),
    );
    expect(r.rows[0]).toMatchObject({
      alertMs: 39,
      decisionMs: 79,
      appliedMs: 80,
      effectiveMs: 78,
      blocked: true,
      meetsBar: true,
      nftDroppedPackets: 90,
    });
    expect(r.allAttacksBlocked).toBe(true);
    expect(r.noBenignBlocked).toBe(true);
  });

  it("counts the agent's own read-back of the drops when an escalation restarted the kernel counter, but not another life's", () => {
    const life: AgentInstance = {
      victim: 'vic1',
      victimIp: '10.77.0.11',
      startedMicros: 0,
      stoppedMicros: T0 + 6e6,
      nftEntries: [{ action: 'block', target: '10.77.0.66', packets: 0 }],
    };
    const measure = (effectAt: number) =>
      measureDefendedRun(
        input({
          labels: labels([step('scan', 'scan', '10.77.0.66')]),
          events: new Map([
            [
              'vic1',
              [
                ...blockEvents,
                {
                  kind: 'effect',
                  micros: effectAt,
                  decisionId: 'D1',
                  action: 'block',
                  ip: '10.77.0.66',
                  packets: 57,
                },
              ],
            ],
          ]),
          packets: new Map([
            packets('scan', { firstAttackerMicros: T0 + 1000, lastAnswerMicros: T0 + 79_000 }),
          ]),
          instances: [life],
        }),
      ).rows[0]!;
    expect(measure(T0 + 6e6 - 10_000)).toMatchObject({ nftDroppedPackets: 57, blocked: true });
    // Printed by the next agent life on that victim (which starts after this one stopped): not this step's.
    expect(measure(T0 + 6e6 + 2e6)).toMatchObject({ nftDroppedPackets: 0, blocked: false });
  });

  it('is not blocked when the attacker sent nothing unanswered (the attack ended first), nor without kernel drops', () => {
    const ended = measureDefendedRun(
      input({
        labels: labels([step('brute', 'brute-force', '10.77.0.66')]),
        events: new Map([['vic1', blockEvents]]),
        packets: new Map([
          packets('brute', {
            firstAttackerMicros: T0,
            lastAnswerMicros: T0 + 2e6,
            unansweredAfterLastAnswer: 0,
          }),
        ]),
        failedLogins: new Map([
          [
            'vic1',
            [
              { ip: '10.77.0.66', micros: T0 + 1e6 },
              { ip: '10.77.0.1', micros: T0 + 1e6 },
            ],
          ],
        ]),
      }),
    );
    expect(ended.rows[0]).toMatchObject({ blocked: false, meetsBar: false, failedLogins: 1 });
    expect(ended.rows[0]!.note).toMatch(/ended before the block/);
    const noDrops = measureDefendedRun(
      input({
        labels: labels([step('scan', 'scan', '10.77.0.66')]),
        events: new Map([['vic1', blockEvents]]),
        packets: new Map([packets('scan', { firstAttackerMicros: T0 })]),
        instances: [],
      }),
    );
    expect(noDrops.rows[0]!.blocked).toBe(false);
    expect(noDrops.allAttacksBlocked).toBe(false);
  });

  it('a slow block misses the bar; a decision against a client fails the benign check', () => {
    const late: AgentEvent[] = blockEvents.map((e) => ({ ...e, micros: e.micros + 2e6 }));
    late.push({ kind: 'decision', micros: T0, id: 'D9', action: 'block', ip: '10.77.0.101', ttlSeconds: 60 });
    const r = measureDefendedRun(
      input({
        labels: labels([step('flood', 'flood', '10.77.0.66')]),
        events: new Map([['vic1', late]]),
        packets: new Map([packets('flood', { firstAttackerMicros: T0, lastAnswerMicros: T0 + 2.05e6 })]),
      }),
    );
    expect(r.rows[0]).toMatchObject({ blocked: true, meetsBar: false });
    expect(r.benign[0]).toMatchObject({ client: 'cli1', decisionsAgainst: 1 });
    expect(r.noBenignBlocked).toBe(false);
  });
});
