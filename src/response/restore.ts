/**
 * After an agent restart: close decisions that expired while it was down (and remove them from
 * the firewall), re-apply live ones with the TTL they have left, and remove firewall entries the
 * store no longer backs (revoked while the agent was down). The store is the truth.
 */
import { parseCidr } from '../decision/cidr.js';
import type { ActionResult, Decision } from '../records/index.js';
import type { DecisionStore } from '../store/decision-store.js';
import { isFirewallAction, type ResponseBackend } from './backend.js';

export interface RestoreSummary {
  reapplied: number;
  expired: number;
  /** Firewall entries no live decision backs, removed. */
  stale: number;
  results: ActionResult[];
}

export async function restoreDecisions(
  store: DecisionStore,
  backend: ResponseBackend,
  nowMicros: number,
): Promise<RestoreSummary> {
  await backend.init();
  const overdue = store.overdue(nowMicros);
  for (const s of overdue) {
    if (isFirewallAction(s.decision.action) && !s.decision.dryRun) backend.delete(s.decision, 'expired');
    store.end(s.decision.id, 'expired', nowMicros);
  }
  const wanted = new Set<string>();
  let reapplied = 0;
  for (const s of store.live(nowMicros)) {
    const d = s.decision;
    if (!isFirewallAction(d.action) || d.dryRun) continue;
    const remaining =
      s.expiresMicros === undefined ? 0 : Math.max(1, Math.ceil((s.expiresMicros - nowMicros) / 1e6));
    backend.add({ ...d, ttlSeconds: remaining }, nowMicros, { restoring: true });
    wanted.add(entryKey(d.action, d.target, d.rate));
    reapplied++;
  }
  let stale = 0;
  for (const e of await backend.list()) {
    if (wanted.has(entryKey(e.action, e.target, e.rate))) continue;
    const ghost: Decision = {
      id: `stale:${e.action}:${e.target}`,
      createdMicros: nowMicros,
      action: e.action,
      target: e.target,
      ttlSeconds: 0,
      reason: 'in the firewall but not live in the store',
      alertIds: [],
      origin: 'operator',
      dryRun: false,
      ...(e.rate !== undefined ? { rate: e.rate } : {}),
    };
    backend.delete(ghost, 'revoked');
    stale++;
  }
  const results = await backend.commit(nowMicros);
  store.putResults(results.filter((r) => !r.decisionId.startsWith('stale:')));
  return { reapplied, expired: overdue.length, stale, results };
}

function entryKey(action: string, target: string, rate: number | undefined): string {
  let canonical = target;
  try {
    canonical = parseCidr(target).text;
  } catch {
    // An unparsable stored target never reached the firewall; keep it as written.
  }
  return `${action}:${canonical}:${action === 'rate-limit' ? (rate ?? 0) : ''}`;
}
