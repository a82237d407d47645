/**
 * The demo's figures, from a replay's verdicts, alerts and decisions against the lab's labels. Pure.
 *
 * - Detection rate and false alarm rate at the flow level: flows the lab's rule labels attack or
 *   benign ('unknown' flows are left out and counted). A flow is detected when the detector flagged
 *   it or the auth-log rule had flagged its client address and port.
 * - Per-flow response time: from the flow's last packet to its verdict = the wait in the flow table
 *   (capture time from last packet to emission: the idle/close timeouts) + processing (wall time from
 *   the batch's arrival to its decisions). Reported separately and together.
 * - Per attack step: from the step's first packet to its first alert and to the first decision
 *   against its source, in capture time.
 */
import type { StepLabel } from '../lab/labels.js';
import { labelFlow } from '../lab/flow-label.js';
import type { Alert, Decision } from '../records/index.js';
import type { FlowVerdict } from './pipeline.js';

export interface Confusion {
  tp: number;
  fn: number;
  fp: number;
  tn: number;
  unknown: number;
}

export interface StepTiming {
  stepId: string;
  category: string;
  source: string;
  flows: number;
  detectedFlows: number;
  firstPacketMicros?: number;
  /** Seconds from the first packet to the first alert / decision; undefined when none came. */
  toAlertSeconds?: number;
  toDecisionSeconds?: number;
  /** A decision against the source made before this step began and still in force. */
  blockedBefore?: string;
}

export interface ReplayReport {
  confusion: Confusion;
  detectionRate: number;
  falseAlarmRate: number;
  /** Milliseconds, percentiles over all judged flows. */
  waitP50Ms: number;
  processingP50Ms: number;
  processingP99Ms: number;
  responseP50Ms: number;
  responseP99Ms: number;
  steps: StepTiming[];
  /** Decisions whose target is a host that only ever ran benign steps (must be empty). */
  benignTargeted: Decision[];
}

export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return s[lo]! + (s[hi]! - s[lo]!) * (h - lo);
}

export function countConfusion(verdicts: readonly FlowVerdict[], steps: readonly StepLabel[], slackMicros: number): Confusion {
  const c: Confusion = { tp: 0, fn: 0, fp: 0, tn: 0, unknown: 0 };
  for (const v of verdicts) {
    const l = labelFlow(v.flow, steps, slackMicros);
    const detected = v.flagged || v.flaggedByAuthLog;
    if (l.label === 'unknown') c.unknown++;
    else if (l.label === 'attack') {
      if (detected) c.tp++;
      else c.fn++;
    } else if (detected) c.fp++;
    else c.tn++;
  }
  return c;
}

export function buildReport(
  verdicts: readonly FlowVerdict[],
  alerts: readonly Alert[],
  decisions: readonly Decision[],
  steps: readonly StepLabel[],
  slackMicros: number,
): ReplayReport {
  const confusion = countConfusion(verdicts, steps, slackMicros);
  const waits = verdicts.map((v) => (v.emittedMicros - v.flow.endMicros) / 1000);
  const processing = verdicts.map((v) => v.processingMs);
  const response = verdicts.map((v, i) => waits[i]! + v.processingMs);
  const attackSources = new Set(steps.filter((s) => s.kind === 'attack').map((s) => s.source.ip));
  const benignOnly = new Set(steps.filter((s) => s.kind === 'benign' && !attackSources.has(s.source.ip)).map((s) => s.source.ip));
  return {
    confusion,
    detectionRate: confusion.tp / Math.max(1, confusion.tp + confusion.fn),
    falseAlarmRate: confusion.fp / Math.max(1, confusion.fp + confusion.tn),
    waitP50Ms: percentile(waits, 0.5),
    processingP50Ms: percentile(processing, 0.5),
    processingP99Ms: percentile(processing, 0.99),
    responseP50Ms: percentile(response, 0.5),
    responseP99Ms: percentile(response, 0.99),
    steps: steps.filter((s) => s.kind === 'attack').map((s) => stepTiming(s, verdicts, alerts, decisions, steps, slackMicros)),
    benignTargeted: decisions.filter((d) => benignOnly.has(d.target)),
  };
}

function stepTiming(
  step: StepLabel,
  verdicts: readonly FlowVerdict[],
  alerts: readonly Alert[],
  decisions: readonly Decision[],
  steps: readonly StepLabel[],
  slackMicros: number,
): StepTiming {
  const mine = verdicts.filter((v) => labelFlow(v.flow, steps, slackMicros).stepId === step.id);
  const t: StepTiming = {
    stepId: step.id,
    category: step.category,
    source: step.source.ip,
    flows: mine.length,
    detectedFlows: mine.filter((v) => v.flagged || v.flaggedByAuthLog).length,
  };
  if (mine.length === 0) return t;
  const first = Math.min(...mine.map((v) => v.flow.startMicros));
  t.firstPacketMicros = first;
  const from = step.windowStartMicros - slackMicros;
  const to = step.windowEndMicros + slackMicros;
  const flowIds = new Set(mine.map((v) => v.flow.id));
  const own = alerts.filter(
    (a) => a.evidence.flowIds.some((id) => flowIds.has(id)) || (a.detector === 'auth-log' && a.entity.value === step.source.ip && a.tsMicros >= from && a.tsMicros <= to),
  );
  if (own.length > 0) t.toAlertSeconds = (Math.min(...own.map((a) => a.tsMicros)) - first) / 1e6;
  const against = decisions.filter((d) => d.target === step.source.ip);
  const during = against.filter((d) => d.createdMicros >= from && d.createdMicros <= to + 60e6);
  if (during.length > 0) t.toDecisionSeconds = (Math.min(...during.map((d) => d.createdMicros)) - first) / 1e6;
  const earlier = against.find((d) => d.createdMicros < from && (d.ttlSeconds === 0 || d.createdMicros + d.ttlSeconds * 1e6 > first));
  if (earlier) t.blockedBefore = `${earlier.id} (${earlier.action})`;
  return t;
}
