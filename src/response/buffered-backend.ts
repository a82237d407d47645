/**
 * What every firewall backend shares: safety checks on `add`, a queue of operations, and the
 * mapping from the queue to ActionResults at `commit`. Subclasses only say how a batch of
 * operations reaches their firewall (`apply`) and how to read it back (`list`).
 */
import type { Cidr } from '../decision/cidr.js';
import type { ActionResult, Decision } from '../records/index.js';
import { isFirewallAction, type ActiveEntry, type FirewallAction, type ResponseBackend } from './backend.js';
import { SafetyGuard, type SafetyOptions } from './safety.js';

export interface PendingOp {
  op: 'add' | 'delete';
  decision: Decision;
  action: FirewallAction;
  target: Cidr;
  /** Why a delete happens; becomes the ActionResult status. */
  why?: 'revoked' | 'expired';
}

export abstract class BufferedBackend implements ResponseBackend {
  abstract readonly name: string;
  protected readonly guard: SafetyGuard;
  private pending: PendingOp[] = [];
  private early: ActionResult[] = [];
  /** Keys (action:target:rate) this backend has put in place, and until when, to tell new entries from renewals. */
  private readonly enforced = new Map<string, number>();
  /** Status of a successful add: 'applied', or 'dry-run' for the dry-run backend. */
  protected appliedStatus: ActionResult['status'] = 'applied';

  constructor(safety: SafetyOptions) {
    this.guard = new SafetyGuard(safety);
  }

  abstract init(): Promise<void>;
  abstract list(): Promise<ActiveEntry[]>;
  abstract shutdown(options?: { flush?: boolean }): Promise<void>;
  /** Sends the operations as one batch; returns an error text per operation (undefined = done). */
  protected abstract apply(ops: PendingOp[]): Promise<(string | undefined)[]>;

  add(decision: Decision, nowMicros: number, options?: { restoring?: boolean }): void {
    const action = decision.action;
    if (!isFirewallAction(action)) {
      this.early.push(this.result(decision, nowMicros, 'failed', `${action} is not a firewall action`));
      return;
    }
    if (action === 'rate-limit' && !(decision.rate !== undefined && decision.rate > 0)) {
      this.early.push(this.result(decision, nowMicros, 'failed', 'rate-limit without a positive rate'));
      return;
    }
    const verdict = this.guard.check(decision);
    if (!verdict.ok) {
      this.early.push(this.result(decision, nowMicros, 'refused', verdict.reason));
      return;
    }
    const until = this.enforced.get(keyOf(action, verdict.target, decision));
    if (!options?.restoring && !(until !== undefined && until > nowMicros)) {
      const blast = this.guard.admitNew(decision, nowMicros);
      if (blast && !blast.ok) {
        this.early.push(this.result(decision, nowMicros, 'refused', blast.reason));
        return;
      }
    }
    this.pending.push({ op: 'add', decision, action, target: verdict.target });
  }

  delete(decision: Decision, why: 'revoked' | 'expired' = 'revoked'): void {
    const action = decision.action;
    if (!isFirewallAction(action)) return;
    const verdict = this.guard.check(decision);
    // An allowlisted target was never added; nothing to delete.
    if (!verdict.ok) return;
    this.pending.push({ op: 'delete', decision, action, target: verdict.target, why });
  }

  async commit(nowMicros: number): Promise<ActionResult[]> {
    const ops = this.pending;
    const results = this.early;
    this.pending = [];
    this.early = [];
    if (ops.length === 0) return results;
    const errors = await this.apply(ops);
    ops.forEach((op, i) => {
      const error = errors[i];
      const key = keyOf(op.action, op.target, op.decision);
      if (error === undefined) {
        const ttl = op.decision.ttlSeconds;
        if (op.op === 'add') this.enforced.set(key, ttl > 0 ? nowMicros + ttl * 1_000_000 : Infinity);
        else this.enforced.delete(key);
      }
      const status =
        error !== undefined ? 'failed' : op.op === 'add' ? this.appliedStatus : (op.why ?? 'revoked');
      results.push(this.result(op.decision, nowMicros, status, error));
    });
    return results;
  }

  private result(
    decision: Decision,
    atMicros: number,
    status: ActionResult['status'],
    detail?: string,
  ): ActionResult {
    return {
      decisionId: decision.id,
      backend: this.name,
      status,
      atMicros,
      ...(detail !== undefined ? { detail } : {}),
    };
  }
}

function keyOf(action: FirewallAction, target: Cidr, decision: Decision): string {
  return `${action}:${target.text}:${action === 'rate-limit' ? (decision.rate ?? 0) : ''}`;
}
