/**
 * Stage 5, Alert -> Decision -> ActionResult: the decision engine (correlation per entity,
 * profiles) and a response backend (dry-run in the embedded default). Time is the capture clock
 * the caller passes, so a replay makes the decisions a live agent would have made at that moment.
 */
import { validateResponseConfig, type ResponseConfig } from '../decision/config.js';
import { DecisionEngine } from '../decision/engine.js';
import { isFirewallAction, type ResponseBackend } from '../response/backend.js';
import { DryRunBackend } from '../response/dry-run/dry-run-backend.js';
import type { ActionResult, Alert, Decision } from '../records/index.js';

/**
 * The embedded default: no firewall section, so everything is dry-run. Profiles for the lab's
 * attack kinds with the minimum alert scores of the project's example config
 * (src/decision/examples/response.yaml: brute force 0.8, floods 0.9, scans 0.5). No client is
 * allowlisted, so a benign client stays unblocked only if the detectors leave it alone.
 */
export const DEMO_RESPONSE_CONFIG: ResponseConfig = validateResponseConfig(
  {
    correlation: { duplicateWindow: '30s', entityIdle: '1h' },
    profiles: [
      { name: 'ssh-brute-force', match: { categories: ['brute-force', 'r2l'], minScore: 0.8 }, threshold: { count: 1, window: '60s' }, action: 'block', ttl: '4h' },
      { name: 'flood', match: { categories: ['flood', 'slow-dos', 'dos'], minScore: 0.9 }, threshold: { count: 10, window: '10s' }, action: 'block', ttl: '1h' },
      { name: 'scan', match: { categories: ['scan', 'probe'], minScore: 0.5 }, threshold: { count: 20, window: '30s' }, action: 'block', ttl: '1h' },
    ],
  },
  'embedded default',
);

export interface DecisionOutput {
  decisions: Decision[];
  results: ActionResult[];
}

/** Hands decisions to the response side (e.g. ResponseDispatcher.handle) and returns its results. */
export type Responder = (decisions: readonly Decision[], nowMicros: number) => Promise<ActionResult[]>;

export interface DecisionStageOptions {
  clock?: () => number;
  log?: (line: string) => void;
  /** Instead of the built-in dry-run backend: the configured response (firewall, notifiers, store). */
  respond?: Responder;
}

export class DecisionStage {
  readonly engine: DecisionEngine;
  readonly backend: ResponseBackend;
  private counter = 0;
  private readonly respond: Responder | undefined;

  constructor(config: ResponseConfig = DEMO_RESPONSE_CONFIG, options: DecisionStageOptions = {}) {
    this.engine = new DecisionEngine(config, { newId: () => `D${++this.counter}` });
    this.respond = options.respond;
    this.backend = new DryRunBackend({
      allowlist: config.allowlist,
      maxNewBlocksPerMinute: config.safety.maxNewBlocksPerMinute,
      log: options.log ?? (() => {}),
      ...(options.clock ? { nowMicros: options.clock } : {}),
    });
  }

  async decide(alerts: readonly Alert[], nowMicros: number): Promise<DecisionOutput> {
    const decisions: Decision[] = [];
    for (const a of alerts) decisions.push(...this.engine.observe(a, Math.max(nowMicros, a.tsMicros)).decisions);
    if (this.respond !== undefined) return { decisions, results: decisions.length > 0 ? await this.respond(decisions, nowMicros) : [] };
    const enforce = decisions.filter((d) => isFirewallAction(d.action));
    for (const d of enforce) this.backend.add(d, nowMicros);
    const results = enforce.length > 0 ? await this.backend.commit(nowMicros) : [];
    return { decisions, results };
  }
}
