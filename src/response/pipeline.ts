/**
 * The decision/response stage in one place, for an agent or the lab to drive: alerts in ->
 * correlation and profiles (DecisionEngine, pure) -> dispatcher (firewall, notifiers,
 * playbooks, store). `tick` does the periodic work: close expired decisions, read the
 * firewall's counters back as feedback, forget idle entities.
 */
import type { DecisionEngine } from '../decision/engine.js';
import type { ActionResult, Alert, Decision } from '../records/index.js';
import type { DecisionStore } from '../store/decision-store.js';
import type { ResponseDispatcher } from './dispatcher.js';

export interface AlertsOutcome {
  decisions: Decision[];
  results: ActionResult[];
  duplicates: number;
}

export class ResponsePipeline {
  constructor(
    private readonly engine: DecisionEngine,
    private readonly dispatcher: ResponseDispatcher,
    private readonly store: DecisionStore,
  ) {}

  async onAlerts(alerts: readonly Alert[], nowMicros: number): Promise<AlertsOutcome> {
    this.store.recordAlerts(alerts);
    const decisions: Decision[] = [];
    let duplicates = 0;
    for (const a of alerts) {
      const out = this.engine.observe(a, nowMicros);
      if (out.duplicate) duplicates++;
      decisions.push(...out.decisions);
    }
    const results = decisions.length > 0 ? await this.dispatcher.handle(decisions, nowMicros) : [];
    return { decisions, results, duplicates };
  }

  async tick(nowMicros: number): Promise<{ expired: ActionResult[]; effects: ActionResult[] }> {
    const expired = await this.dispatcher.expire(nowMicros);
    const effects = await this.dispatcher.measureEffects(nowMicros);
    this.engine.correlator.expire(nowMicros);
    return { expired, effects };
  }
}
