/**
 * The host-log detector: failed SSH logins per client address within a sliding window, in the way
 * fail2ban and CrowdSec's ssh-bf scenario count them. The flow models see little of a brute force
 * (a handful of flows per attack), the auth log sees every attempt. The count that fires is fitted on
 * the training capture: one more than the most failures any benign client made in one window.
 */
import type { LogEvent } from '../records/index.js';

export interface AuthRuleConfig {
  windowSeconds: number;
  /** Failures from one address within the window at which the rule fires. */
  failures: number;
}

export function isFailure(e: LogEvent): boolean {
  return e.source === 'auth' && (e.outcome === 'auth-failure' || e.outcome === 'invalid-user') && e.srcIp !== undefined;
}

/** Most failures any benign source address had inside one window, on labelled training events. */
export function fitAuthRule(events: readonly LogEvent[], isAttacker: (ip: string) => boolean, windowSeconds = 60): AuthRuleConfig {
  const byIp = new Map<string, number[]>();
  for (const e of events) {
    if (!isFailure(e) || isAttacker(e.srcIp!)) continue;
    const list = byIp.get(e.srcIp!) ?? [];
    list.push(e.tsMicros);
    byIp.set(e.srcIp!, list);
  }
  let most = 0;
  for (const times of byIp.values()) {
    times.sort((a, b) => a - b);
    let from = 0;
    for (let to = 0; to < times.length; to++) {
      while (times[to]! - times[from]! > windowSeconds * 1e6) from++;
      most = Math.max(most, to - from + 1);
    }
  }
  return { windowSeconds, failures: most + 1 };
}

export interface AuthRuleHit {
  srcIp: string;
  host: string;
  tsMicros: number;
  failures: number;
  events: LogEvent[];
}

/** Streaming state: feed events in time order, get a hit each time an address reaches the count. */
export class AuthRule {
  private readonly recent = new Map<string, LogEvent[]>();

  constructor(readonly config: AuthRuleConfig) {}

  observe(e: LogEvent): AuthRuleHit | undefined {
    if (!isFailure(e)) return undefined;
    const ip = e.srcIp!;
    const since = e.tsMicros - this.config.windowSeconds * 1e6;
    const list = (this.recent.get(ip) ?? []).filter((x) => x.tsMicros >= since);
    list.push(e);
    this.recent.set(ip, list);
    if (list.length < this.config.failures) return undefined;
    return { srcIp: ip, host: e.host, tsMicros: e.tsMicros, failures: list.length, events: [...list] };
  }
}
