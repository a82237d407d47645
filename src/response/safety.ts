/**
 * Safety checks every backend applies before touching the firewall:
 * - allowlisted CIDRs (management, coordinator, gateways, DNS) are never blocked, rate-limited or
 *   quarantined, and neither is any prefix that contains one of them;
 * - a blast-radius limit: at most N new enforcements per sliding minute, unless an operator made
 *   the decision (above the limit, decisions wait for a human).
 * Pure: time comes in as an argument.
 */
import { overlaps, parseCidr, type Cidr } from '../decision/cidr.js';
import type { Decision } from '../records/index.js';

export interface SafetyOptions {
  allowlist: readonly Cidr[];
  /** New firewall entries allowed per 60 s; operator decisions are exempt. */
  maxNewBlocksPerMinute: number;
}

export type SafetyVerdict = { ok: true; target: Cidr } | { ok: false; reason: string };

const MINUTE_MICROS = 60_000_000;

export class SafetyGuard {
  /** Times of admitted new entries; `head` skips the ones older than a minute (no O(n) shift). */
  private recent: number[] = [];
  private head = 0;

  constructor(private readonly options: SafetyOptions) {}

  get allowlist(): readonly Cidr[] {
    return this.options.allowlist;
  }

  /** Allowlist check for any enforcement, new or renewed. */
  check(decision: Decision): SafetyVerdict {
    let target: Cidr;
    try {
      target = parseCidr(decision.target);
    } catch (err) {
      return { ok: false, reason: `target does not parse: ${(err as Error).message}` };
    }
    const hit = this.allowlisted(target);
    if (hit) return { ok: false, reason: `allowlist: ${target.text} overlaps allowlisted ${hit.text}` };
    return { ok: true, target };
  }

  /** Blast-radius check for a new entry; when it passes, it counts against the limit. */
  admitNew(decision: Decision, nowMicros: number): SafetyVerdict | undefined {
    if (decision.origin === 'operator') return undefined;
    while (this.head < this.recent.length && this.recent[this.head]! <= nowMicros - MINUTE_MICROS)
      this.head++;
    if (this.head > 1024 && this.head * 2 > this.recent.length) {
      this.recent = this.recent.slice(this.head);
      this.head = 0;
    }
    const inWindow = this.recent.length - this.head;
    if (inWindow >= this.options.maxNewBlocksPerMinute) {
      return {
        ok: false,
        reason: `blast-radius: ${inWindow} new entries in the last minute (limit ${this.options.maxNewBlocksPerMinute}); needs an operator`,
      };
    }
    this.recent.push(nowMicros);
    return undefined;
  }

  allowlisted(target: Cidr): Cidr | undefined {
    return this.options.allowlist.find((a) => overlaps(a, target));
  }
}
