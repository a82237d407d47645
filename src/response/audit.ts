/**
 * "Was a blocked address ever allowlisted?": every decision a backend really applied, checked
 * against an allowlist (today's, or any other). With the backends' own refusal this should
 * always come back empty; the audit is how the policy and operators see that it does.
 */
import { overlaps, parseCidr, type Cidr } from '../decision/cidr.js';
import type { DecisionStore, StoredDecision } from '../store/decision-store.js';

export interface AllowlistViolation {
  stored: StoredDecision;
  allowlisted: Cidr;
}

export function allowlistViolations(store: DecisionStore, allowlist: readonly Cidr[]): AllowlistViolation[] {
  const out: AllowlistViolation[] = [];
  for (const stored of store.applied()) {
    let target: Cidr;
    try {
      target = parseCidr(stored.decision.target);
    } catch {
      continue; // not an address: never reached a firewall
    }
    const hit = allowlist.find((a) => overlaps(a, target));
    if (hit) out.push({ stored, allowlisted: hit });
  }
  return out;
}
