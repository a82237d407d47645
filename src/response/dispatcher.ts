/**
 * Carries decisions out: firewall actions to the backend (one commit per call), every decision
 * to the notifiers, 'escalate' to the emergency playbooks; all of it persisted with its
 * ActionResults. Dry-run decisions go to a dry-run backend even when a firewall is configured.
 * `measureEffects` reads the firewall's counters back into the store: the policy's feedback.
 */
import type { PlaybookConfig } from '../decision/config.js';
import type { ActionResult, Decision } from '../records/index.js';
import type { DecisionStore } from '../store/decision-store.js';
import { isFirewallAction, type ResponseBackend } from './backend.js';
import { parseCidr } from '../decision/cidr.js';
import type { Notifier } from './notify/notifier.js';
import { runPlaybook } from './playbook.js';

export interface DispatcherParts {
  backend: ResponseBackend;
  /** Takes decisions marked dryRun; may be the same object as `backend` when that is dry-run. */
  dryRunBackend: ResponseBackend;
  notifiers: Notifier[];
  playbooks: PlaybookConfig[];
  store: DecisionStore;
}

export class ResponseDispatcher {
  constructor(private readonly parts: DispatcherParts) {}

  async handle(decisions: readonly Decision[], nowMicros: number): Promise<ActionResult[]> {
    const { store, notifiers, playbooks } = this.parts;
    store.put(...decisions);
    const results: ActionResult[] = [];
    const touched = new Set<ResponseBackend>();
    for (const d of decisions) {
      const backend = this.backendFor(d);
      if (!backend) continue;
      backend.add(d, nowMicros);
      touched.add(backend);
    }
    for (const backend of touched) results.push(...(await backend.commit(nowMicros)));
    const side: Promise<ActionResult>[] = [];
    for (const d of decisions) {
      for (const n of notifiers) side.push(n.notify(d, nowMicros));
      if (d.action === 'escalate') {
        for (const p of playbooks) {
          side.push(
            d.dryRun
              ? Promise.resolve({
                  decisionId: d.id,
                  backend: `playbook:${p.name}`,
                  status: 'dry-run',
                  atMicros: nowMicros,
                })
              : runPlaybook(p, d, nowMicros),
          );
        }
      }
    }
    results.push(...(await Promise.all(side)));
    store.putResults(results);
    return results;
  }

  /** Closes decisions whose TTL has passed and removes them from the firewall. */
  async expire(nowMicros: number): Promise<ActionResult[]> {
    const overdue = this.parts.store.overdue(nowMicros);
    for (const s of overdue) this.backendFor(s.decision)?.delete(s.decision, 'expired');
    const results = await this.commitBoth(nowMicros);
    for (const s of overdue) this.parts.store.end(s.decision.id, 'expired', nowMicros);
    this.parts.store.putResults(results);
    return results;
  }

  /** An operator revokes a decision; false when it is unknown or already over. */
  async revoke(id: string, nowMicros: number): Promise<boolean> {
    const s = this.parts.store.get(id);
    if (!s || !this.parts.store.end(id, 'revoked', nowMicros)) return false;
    this.backendFor(s.decision)?.delete(s.decision, 'revoked');
    this.parts.store.putResults(await this.commitBoth(nowMicros));
    return true;
  }

  /** One ActionResult per live enforced decision with the counters the firewall reports now. */
  async measureEffects(nowMicros: number): Promise<ActionResult[]> {
    const entries = await this.parts.backend.list();
    const byKey = new Map(entries.map((e) => [`${e.action}:${e.target}:${e.rate ?? ''}`, e]));
    const results: ActionResult[] = [];
    for (const s of this.parts.store.live(nowMicros)) {
      const d = s.decision;
      if (!isFirewallAction(d.action) || d.dryRun) continue;
      let target: string;
      try {
        target = parseCidr(d.target).text;
      } catch {
        continue; // never enforced
      }
      const e = byKey.get(`${d.action}:${target}:${d.action === 'rate-limit' ? (d.rate ?? '') : ''}`);
      if (!e || e.packets === undefined) continue;
      results.push({
        decisionId: d.id,
        backend: this.parts.backend.name,
        status: 'applied',
        atMicros: nowMicros,
        detail: 'effect',
        effect: { packets: e.packets, bytes: e.bytes ?? 0 },
      });
    }
    this.parts.store.putResults(results);
    return results;
  }

  async close(): Promise<void> {
    for (const n of this.parts.notifiers) await n.close();
  }

  private backendFor(d: Decision): ResponseBackend | undefined {
    if (!isFirewallAction(d.action)) return undefined;
    return d.dryRun ? this.parts.dryRunBackend : this.parts.backend;
  }

  private async commitBoth(nowMicros: number): Promise<ActionResult[]> {
    const results = await this.parts.backend.commit(nowMicros);
    if (this.parts.dryRunBackend !== this.parts.backend)
      results.push(...(await this.parts.dryRunBackend.commit(nowMicros)));
    return results;
  }
}
