/**
 * The labelling rule: which step, if any, a flow belongs to. Pure; documented in src/lab/README.md.
 *
 * A step matches a flow when
 *   1. addresses: one end is the step's source and the other one of its targets (either direction);
 *   2. port: the target end's port is one of the step's target ports (any port when it lists none);
 *   3. time: [flow start, flow end] overlaps [window start - slack, window end + slack].
 * Attack steps are tried before benign ones. Among several matching steps of one kind, the one whose
 * window overlaps the flow longest wins, then the one that started first. A flow no step matches is
 * 'unknown', with the reason (an attacker outside every window, or no step with its addresses).
 */
import type { FlowKey } from '../records/flow.js';
import type { StepLabel } from './labels.js';

export type FlowLabelValue = 'attack' | 'benign' | 'unknown';

export interface FlowTimes {
  startMicros: number;
  endMicros: number;
}

export interface FlowLabel {
  label: FlowLabelValue;
  category: string;
  stepId?: string;
  technique?: string;
  /** Why a flow is 'unknown'. */
  reason?: 'attacker-outside-window' | 'no-step-for-addresses';
}

type RuleStep = Pick<StepLabel, 'id' | 'kind' | 'category' | 'technique' | 'source' | 'targets' | 'targetPorts' | 'windowStartMicros' | 'windowEndMicros'>;

/** The target end's port when the flow's endpoints are the step's source and a target, else undefined. */
function targetPort(flow: FlowKey, step: RuleStep): number | undefined {
  const targets = step.targets.map((t) => t.ip);
  if (flow.origIp === step.source.ip && targets.includes(flow.respIp)) return flow.respPort;
  if (flow.respIp === step.source.ip && targets.includes(flow.origIp)) return flow.origPort;
  return undefined;
}

function overlapMicros(flow: FlowTimes, step: RuleStep, slack: number): number {
  const from = Math.max(flow.startMicros, step.windowStartMicros - slack);
  const to = Math.min(flow.endMicros, step.windowEndMicros + slack);
  // A one-packet flow has zero length; touching the window still counts, hence >= and the +1.
  return to >= from ? to - from + 1 : -1;
}

function best(flow: FlowKey & FlowTimes, steps: RuleStep[], slack: number): RuleStep | undefined {
  let winner: RuleStep | undefined;
  let winnerOverlap = -1;
  for (const step of steps) {
    const port = targetPort(flow, step);
    if (port === undefined) continue;
    if (step.targetPorts && step.targetPorts.length > 0 && !step.targetPorts.includes(port)) continue;
    const o = overlapMicros(flow, step, slack);
    if (o < 0) continue;
    if (o > winnerOverlap || (o === winnerOverlap && winner && step.windowStartMicros < winner.windowStartMicros)) {
      winner = step;
      winnerOverlap = o;
    }
  }
  return winner;
}

export function labelFlow(flow: FlowKey & FlowTimes, steps: readonly RuleStep[], slackMicros: number): FlowLabel {
  const attacks = steps.filter((s) => s.kind === 'attack');
  const attack = best(flow, attacks, slackMicros);
  if (attack) return { label: 'attack', category: attack.category, stepId: attack.id, ...(attack.technique ? { technique: attack.technique } : {}) };
  const benign = best(flow, steps.filter((s) => s.kind === 'benign'), slackMicros);
  if (benign) return { label: 'benign', category: 'benign', stepId: benign.id };
  const attackerIps = new Set(attacks.map((s) => s.source.ip));
  const fromAttacker = attackerIps.has(flow.origIp) || attackerIps.has(flow.respIp);
  return { label: 'unknown', category: 'unknown', reason: fromAttacker ? 'attacker-outside-window' : 'no-step-for-addresses' };
}
