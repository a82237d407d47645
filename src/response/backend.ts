/**
 * The firewall backend contract: nftables, iptables+ipset and dry-run implement it, are picked by
 * config name (registry.ts) and pass one conformance suite (backend.case.ts).
 *
 * Changes are buffered by `add`/`delete` and reach the firewall only in `commit`, as one batch
 * (CrowdSec's bouncer shape). Safety lives here and not only in the policy: every backend runs
 * each decision through a SafetyGuard, so an allowlisted address is refused, and the refusal comes
 * back as an ActionResult, whoever made the decision.
 */
import type { ActionResult, Decision } from '../records/index.js';

/** The actions a firewall enforces; 'notify' and 'escalate' go to notifiers and playbooks. */
export type FirewallAction = 'block' | 'rate-limit' | 'quarantine';

export function isFirewallAction(action: Decision['action']): action is FirewallAction {
  return action === 'block' || action === 'rate-limit' || action === 'quarantine';
}

/** One entry as the firewall itself reports it (read back, not remembered). */
export interface ActiveEntry {
  action: FirewallAction;
  /** Canonical address or CIDR text. */
  target: string;
  /** Seconds until the firewall drops it by itself; absent = no timeout. */
  expiresInSeconds?: number;
  /** Packets/bytes this entry matched (dropped, for block and quarantine). */
  packets?: number;
  bytes?: number;
  /** For rate-limit: the packets-per-second class it sits in. */
  rate?: number;
}

export interface ResponseBackend {
  readonly name: string;
  /** Creates the backend's own table/sets/chains if absent; keeps existing entries. */
  init(): Promise<void>;
  /**
   * Queues a decision; `nowMicros` drives the blast-radius window. Refusals are reported by commit.
   * `restoring`: re-applying a decision admitted before a restart; the allowlist still applies,
   * the blast-radius limit does not (it was counted when first admitted).
   */
  add(decision: Decision, nowMicros: number, options?: { restoring?: boolean }): void;
  /** Queues removal of a decision's enforcement (revoked or expired); removing a missing entry is fine. */
  delete(decision: Decision, why?: 'revoked' | 'expired'): void;
  /** Sends everything queued as one batch; one ActionResult per queued add/delete. */
  commit(nowMicros: number): Promise<ActionResult[]>;
  /** What the firewall holds now, read from the firewall. */
  list(): Promise<ActiveEntry[]>;
  /** Stops; with `flush`, removes the backend's table/sets/chains. */
  shutdown(options?: { flush?: boolean }): Promise<void>;
}

export class BackendError extends Error {
  override readonly name = 'BackendError';
}
