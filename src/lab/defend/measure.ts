/**
 * The defended run's measurements, per attack step and target: from the attack's first packet
 * (attacker-side capture) to the agent's first alert naming the attacker, to its block decision, to
 * the rule applied, and to the block being effective = the victim's last answer to the attacker,
 * with the attacker still sending afterwards (and the nft element's drop counter to back it).
 * Pure: records in, rows out.
 */
import type { ActiveEntry } from '../../response/backend.js';
import type { RunLabels, StepLabel } from '../labels.js';
import type { AgentEvent } from './agent-events.js';
import type { StepTargetPackets } from './replies.js';

const ENFORCING = new Set(['block', 'rate-limit', 'quarantine']);
const QUIET_BEFORE_DECISION_MICROS = 50_000;

/** The bar: the scan and the floods stopped within 1 s of the first packet; brute force within 10 failed logins. */
export const BAR = { effectiveSeconds: 1, timedCategories: ['scan', 'flood'], maxFailedLogins: 10 } as const;

/** One agent's life: it is restarted before an attack step once it has blocked something. */
export interface AgentInstance {
  victim: string;
  victimIp: string;
  startedMicros: number;
  stoppedMicros?: number;
  /** What the victim's vigil table held when the instance stopped (nft -j list, with counters). */
  nftEntries: ActiveEntry[];
}

export interface DefendRow {
  stepId: string;
  tool: string;
  category: string;
  attacker: string;
  victim: string;
  victimIp: string;
  firstPacketMicros?: number;
  /** Milliseconds after the first packet. */
  alertMs?: number;
  decisionMs?: number;
  appliedMs?: number;
  effectiveMs?: number;
  decisionAction?: string;
  attackerPackets: number;
  /** Attacker packets (SYN, FIN or data) the victim acknowledged, and those it never did after its last answer. */
  answered: number;
  unansweredAfterLastAnswer: number;
  /** Packets the victim's block element for this attacker dropped (nft counter), summed over agent lives in the window. */
  nftDroppedPackets: number;
  /**
   * Brute force only: failed logins of the attacker in the victim's sshd log during the step. All of
   * them: sshd logs a failure after its delay, so lines stamped after the block belong to attempts that got in before it.
   */
  failedLogins?: number;
  detected: boolean;
  blocked: boolean;
  /** Whether the row meets the bar for its category (undefined: no bar for it). */
  meetsBar?: boolean;
  note?: string;
}

export interface BenignCheck {
  client: string;
  ip: string;
  decisionsAgainst: number;
  inFirewall: boolean;
}

export interface DefendReport {
  format: 'vigil-lab-defend/1';
  scenario: string;
  machine: RunLabels['machine'];
  startedAt: string;
  rows: DefendRow[];
  benign: BenignCheck[];
  agents: { victim: string; starts: number };
  allAttacksBlocked: boolean;
  noBenignBlocked: boolean;
}

export interface MeasureInput {
  labels: RunLabels;
  /** Agent events per victim host name. */
  events: Map<string, AgentEvent[]>;
  packets: Map<string, StepTargetPackets>;
  instances: AgentInstance[];
  /** Stamped failed-login times per victim host and attacker address. */
  failedLogins: Map<string, { ip: string; micros: number }[]>;
}

function ms(from: number | undefined, to: number | undefined): number | undefined {
  return from === undefined || to === undefined ? undefined : Math.round((to - from) / 100) / 10;
}

function inWindow(t: number, s: StepLabel, slack: number): boolean {
  return t >= s.windowStartMicros - slack && t <= s.windowEndMicros + slack;
}

/** Stamping slack for an agent's last printed reading (its next life prints nothing for its first 2 s). */
const EFFECT_GRACE_MICROS = 500_000;

export function measureStep(
  s: StepLabel,
  target: { host: string; ip: string },
  input: MeasureInput,
): DefendRow {
  const slack = input.labels.slackMicros;
  const pk: StepTargetPackets = input.packets.get(`${s.id}|${target.ip}`) ?? {
    stepId: s.id,
    target: target.ip,
    attackerPackets: 0,
    victimPackets: 0,
    answered: 0,
    unanswered: 0,
    unansweredAfterLastAnswer: 0,
  };
  const events = (input.events.get(target.host) ?? []).filter((e) => inWindow(e.micros, s, slack));
  const attacker = s.source.ip;
  const alert = events.find((e) => e.kind === 'alert' && e.ip === attacker);
  const decision = events.find(
    (e): e is Extract<AgentEvent, { kind: 'decision' }> =>
      e.kind === 'decision' && e.ip === attacker && ENFORCING.has(e.action),
  );
  const applied = decision
    ? events.find(
        (e) =>
          e.kind === 'action' &&
          e.decisionId === decision.id &&
          e.micros >= decision.micros &&
          e.status === 'applied',
      )
    : undefined;
  const first = pk.firstAttackerMicros;
  const unanswered = pk.unansweredAfterLastAnswer;
  const lives = input.instances.filter(
    (i) =>
      i.victim === target.host &&
      i.startedMicros <= s.windowEndMicros &&
      (i.stoppedMicros ?? Infinity) >= s.windowStartMicros,
  );
  const kernelDropped = lives
    .flatMap((i) => i.nftEntries.filter((e) => e.target === attacker && e.action !== 'rate-limit'))
    .reduce((n, e) => n + (e.packets ?? 0), 0);
  // The kernel's counter restarts when an escalated decision replaces the element; the agent's own
  // read-back carries the earlier count, and it prints its last reading when it stops (after the step's window, before the life ends).
  const livesEnd =
    Math.max(...lives.map((i) => i.stoppedMicros ?? Infinity), s.windowEndMicros) + EFFECT_GRACE_MICROS;
  const agentDropped = (input.events.get(target.host) ?? [])
    .filter(
      (e): e is Extract<AgentEvent, { kind: 'effect' }> =>
        e.kind === 'effect' && e.ip === attacker && e.action !== 'rate-limit',
    )
    .filter((e) => e.micros >= s.windowStartMicros - slack && e.micros <= livesEnd)
    .reduce((n, e) => Math.max(n, e.packets), 0);
  const nftDropped = Math.max(kernelDropped, agentDropped);
  // Blocked: a rule was applied, the attacker kept asking after the victim's last answer, and the kernel dropped its packets.
  const blocked = applied !== undefined && unanswered > 0 && nftDropped > 0;
  const effective = blocked
    ? Math.max(pk.lastAnswerMicros ?? first ?? applied.micros, first ?? -Infinity)
    : undefined;
  const row: DefendRow = {
    stepId: s.id,
    tool: s.tool,
    category: s.category,
    attacker,
    victim: target.host,
    victimIp: target.ip,
    ...(first !== undefined ? { firstPacketMicros: first } : {}),
    ...(alert ? { alertMs: ms(first, alert.micros)! } : {}),
    ...(decision ? { decisionMs: ms(first, decision.micros)!, decisionAction: decision.action } : {}),
    ...(applied ? { appliedMs: ms(first, applied.micros)! } : {}),
    ...(effective !== undefined ? { effectiveMs: ms(first, effective)! } : {}),
    attackerPackets: pk.attackerPackets,
    answered: pk.answered,
    unansweredAfterLastAnswer: unanswered,
    nftDroppedPackets: nftDropped,
    detected: alert !== undefined,
    blocked,
  };
  // The printed lines are stamped when they reach the launcher, a few ms after the fact; only a
  // clearly earlier silence says something else (the attack's end, an overwhelmed service) stopped the answers.
  if (
    decision &&
    pk.lastAnswerMicros !== undefined &&
    pk.lastAnswerMicros < decision.micros - QUIET_BEFORE_DECISION_MICROS
  ) {
    row.note = `the victim's answers stopped ${ms(pk.lastAnswerMicros, decision.micros)} ms before the block decision`;
  }
  if (applied && unanswered === 0) {
    row.note =
      'the attacker sent nothing the victim left unanswered: the attack had ended before the block took effect';
  }
  if (s.category === 'brute-force') {
    const fails = (input.failedLogins.get(target.host) ?? []).filter(
      (f) => f.ip === attacker && inWindow(f.micros, s, slack),
    );
    row.failedLogins = fails.length;
    row.meetsBar = blocked && fails.length <= BAR.maxFailedLogins;
  } else if ((BAR.timedCategories as readonly string[]).includes(s.category)) {
    row.meetsBar = blocked && row.effectiveMs !== undefined && row.effectiveMs <= BAR.effectiveSeconds * 1000;
  }
  return row;
}

export function benignChecks(
  labels: RunLabels,
  events: Map<string, AgentEvent[]>,
  instances: readonly AgentInstance[],
): BenignCheck[] {
  return labels.hosts
    .filter((h) => h.role === 'client')
    .map((c) => ({
      client: c.name,
      ip: c.ip,
      decisionsAgainst: [...events.values()]
        .flat()
        .filter((e) => e.kind === 'decision' && e.ip === c.ip && ENFORCING.has(e.action)).length,
      inFirewall: instances.some((i) => i.nftEntries.some((e) => e.target === c.ip)),
    }));
}

export function measureDefendedRun(input: MeasureInput): DefendReport {
  const rows: DefendRow[] = [];
  for (const s of input.labels.steps) {
    if (s.kind !== 'attack') continue;
    for (const t of s.targets) rows.push(measureStep(s, t, input));
  }
  const benign = benignChecks(input.labels, input.events, input.instances);
  const starts = new Map<string, number>();
  for (const i of input.instances) starts.set(i.victim, (starts.get(i.victim) ?? 0) + 1);
  return {
    format: 'vigil-lab-defend/1',
    scenario: input.labels.scenario,
    machine: input.labels.machine,
    startedAt: input.labels.startedAt,
    rows,
    benign,
    agents: { victim: [...starts].map(([v, n]) => `${v}:${n}`).join(' '), starts: input.instances.length },
    allAttacksBlocked: rows.length > 0 && rows.every((r) => r.blocked),
    noBenignBlocked: benign.every((b) => b.decisionsAgainst === 0 && !b.inFirewall),
  };
}
