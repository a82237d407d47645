/**
 * The embedded pipeline: every stage in one process, records in and records out, no I/O.
 *
 *   frames -> Packet (decode-stage) -> Flow + FeatureBatch, LogEvents linked (edge-stage, one per agent)
 *     -> scores (detect-stage) -> Alert (alert-stage; plus the auth-log rule on LogEvents)
 *     -> Decision -> ActionResult (decision-stage: engine + dry-run backend, shared by all agents)
 *
 * Adapters (capture files, live interfaces, log tailers) push packets and log events in; `onRecord`
 * sees every record that crosses a boundary, and `verdicts` keeps one line per flow for the report.
 */
import type { Preprocessor } from '../preprocess/index.js';
import type { Detector } from '../detect/detector.js';
import type { ActionResult, Alert, Decision, Flow, LogEvent, Packet } from '../records/index.js';
import type { ResponseConfig } from '../decision/config.js';
import { authAlert, flowAlerts } from './alert-stage.js';
import { AuthRule, type AuthRuleConfig } from './auth-rule.js';
import type { CategoryModel } from './category-model.js';
import { DecisionStage, type Responder } from './decision-stage.js';
import { DetectStage } from './detect-stage.js';
import { EdgeStage, type EdgeBatch } from './edge-stage.js';

export interface AgentSpec {
  name: string;
  /** The agent's own address (its victim); alerts are about the other end. */
  ownIp?: string;
}

export interface PipelineModels {
  preprocessor: Preprocessor;
  detectorName: string;
  detector: Detector;
  categories: CategoryModel;
  authRule: AuthRuleConfig;
}

/** One flow's fate, for the report: was it flagged, by what, and how long it took. */
export interface FlowVerdict {
  agent: string;
  flow: Flow;
  /** Capture time the flow left the flow table. */
  emittedMicros: number;
  score: number;
  flagged: boolean;
  /** The auth-log rule had already flagged this flow's client address and port. */
  flaggedByAuthLog: boolean;
  /** Wall time from the batch's arrival to its decisions, milliseconds (processing, not waiting). */
  processingMs: number;
}

export type PipelineRecord =
  | { kind: 'flows'; batch: EdgeBatch }
  | { kind: 'alert'; alert: Alert }
  | { kind: 'decision'; decision: Decision }
  | { kind: 'action'; result: ActionResult };

export interface PipelineOptions {
  agents: readonly AgentSpec[];
  models: PipelineModels;
  response?: ResponseConfig;
  /** Where decisions go; default: a dry-run backend. */
  respond?: Responder;
  onRecord?: (r: PipelineRecord) => void;
  /** Keep a FlowVerdict per flow (replays, tests). @default true */
  keepVerdicts?: boolean;
}

export class UnknownAgentError extends Error {
  override readonly name = 'UnknownAgentError';
}

export class EmbeddedPipeline {
  readonly verdicts: FlowVerdict[] = [];
  readonly alerts: Alert[] = [];
  readonly decisions: Decision[] = [];
  readonly results: ActionResult[] = [];
  private readonly edges = new Map<string, { spec: AgentSpec; edge: EdgeStage; authRule: AuthRule }>();
  private readonly detect: DetectStage;
  private readonly decide: DecisionStage;
  /** `ip|port` of clients the auth rule flagged, so their SSH flows count as detected. */
  private readonly authFlagged = new Set<string>();
  private clock = 0;

  constructor(private readonly options: PipelineOptions) {
    for (const spec of options.agents) {
      this.edges.set(spec.name, {
        spec,
        edge: new EdgeStage({ agent: spec.name, ...(spec.ownIp ? { ownIp: spec.ownIp } : {}) }),
        authRule: new AuthRule(options.models.authRule),
      });
    }
    const m = options.models;
    this.detect = new DetectStage(m.preprocessor, m.detectorName, m.detector);
    this.decide = new DecisionStage(options.response, { clock: () => this.clock, ...(options.respond ? { respond: options.respond } : {}) });
  }

  edge(agent: string): EdgeStage {
    return this.agent(agent).edge;
  }

  async pushLogEvents(agent: string, events: readonly LogEvent[]): Promise<void> {
    const a = this.agent(agent);
    a.edge.addLogEvents(events);
    const alerts: Alert[] = [];
    for (const e of events) {
      const hit = a.authRule.observe(e);
      if (hit === undefined) continue;
      for (const ev of hit.events) if (ev.srcPort !== undefined) this.authFlagged.add(`${ev.srcIp}|${ev.srcPort}`);
      alerts.push(authAlert(hit));
    }
    if (alerts.length === 0) return;
    const now = Math.max(this.clock, ...alerts.map((x) => x.tsMicros));
    await this.handleAlerts(alerts, now);
  }

  async pushPackets(agent: string, packets: readonly Packet[]): Promise<void> {
    const started = performance.now();
    const a = this.agent(agent);
    const batch = a.edge.addPackets(packets);
    await this.handleFlows(a.spec, batch, started);
  }

  /** Live agents: let flows whose idle time has passed go, even when no packet arrives. */
  async tick(agent: string, nowMicros: number): Promise<void> {
    const started = performance.now();
    const a = this.agent(agent);
    await this.handleFlows(a.spec, a.edge.tick(nowMicros), started);
  }

  /** End of input: every open flow is emitted and judged. */
  async finish(): Promise<void> {
    for (const a of this.edges.values()) {
      const started = performance.now();
      await this.handleFlows(a.spec, a.edge.flush(), started);
    }
  }

  private agent(name: string): { spec: AgentSpec; edge: EdgeStage; authRule: AuthRule } {
    const a = this.edges.get(name);
    if (a === undefined) throw new UnknownAgentError(`no agent '${name}' (known: ${[...this.edges.keys()].join(', ')})`);
    return a;
  }

  private async handleFlows(spec: AgentSpec, batch: EdgeBatch, started: number): Promise<void> {
    if (batch.flows.length === 0) return;
    this.options.onRecord?.({ kind: 'flows', batch });
    const scored = await this.detect.score(batch);
    const alerts = flowAlerts(scored, this.options.models.categories, spec.ownIp, `${this.detect.name}@lab`);
    const now = Math.max(this.clock, ...batch.emittedMicros);
    await this.handleAlerts(alerts, now);
    const processingMs = performance.now() - started;
    if (this.options.keepVerdicts === false) return;
    batch.flows.forEach((flow, i) => {
      const score = scored.scores[i]!;
      this.verdicts.push({
        agent: batch.agent,
        flow,
        emittedMicros: batch.emittedMicros[i]!,
        score,
        flagged: score >= scored.threshold,
        flaggedByAuthLog: this.authFlagged.has(`${flow.origIp}|${flow.origPort}`),
        processingMs,
      });
    });
  }

  private async handleAlerts(alerts: Alert[], nowMicros: number): Promise<void> {
    this.clock = Math.max(this.clock, nowMicros);
    for (const alert of alerts) {
      this.alerts.push(alert);
      this.options.onRecord?.({ kind: 'alert', alert });
    }
    const out = await this.decide.decide(alerts, this.clock);
    for (const decision of out.decisions) {
      this.decisions.push(decision);
      this.options.onRecord?.({ kind: 'decision', decision });
    }
    for (const result of out.results) {
      this.results.push(result);
      this.options.onRecord?.({ kind: 'action', result });
    }
  }
}
