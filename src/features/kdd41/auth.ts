/**
 * Host-log evidence for KDD's content features. KDD read `num_failed_logins` and `logged_in` from
 * the session payload; a sensor that cannot read it (SSH is encrypted) can take them from the
 * server's auth log instead. AuthEvidence is the small interface the kdd41 extractor asks;
 * AuthEventIndex is the in-memory implementation fed with LogEvents from the log parsers.
 */
import type { LogEvent } from '../../records/log-event.js';
import type { Flow } from '../../records/flow.js';

export interface AuthEvidence {
  /** Failed and successful logins that belong to `flow`, or undefined when no auth event matches it. */
  loginsFor(flow: Flow): { failed: number; succeeded: number } | undefined;
}

export interface AuthEventIndexOptions {
  /** How far outside the flow's time span an event may lie and still belong to it (log clocks lag). @default 2 */
  slackSeconds: number;
}

/**
 * Matches events to flows by the client's address (the flow's originator), by its port when the
 * log names one (sshd does), and by time. Events older than `forgetBefore` can be dropped.
 */
export class AuthEventIndex implements AuthEvidence {
  private readonly byIp = new Map<string, LogEvent[]>();
  private readonly slackMicros: number;

  constructor(options: Partial<AuthEventIndexOptions> = {}) {
    this.slackMicros = (options.slackSeconds ?? 2) * 1e6;
  }

  add(event: LogEvent): void {
    if (event.srcIp === undefined) return;
    if (event.outcome !== 'auth-failure' && event.outcome !== 'auth-success' && event.outcome !== 'invalid-user') return;
    const list = this.byIp.get(event.srcIp);
    if (list === undefined) this.byIp.set(event.srcIp, [event]);
    else list.push(event);
  }

  loginsFor(flow: Flow): { failed: number; succeeded: number } | undefined {
    const list = this.byIp.get(flow.origIp);
    if (list === undefined) return undefined;
    const from = flow.startMicros - this.slackMicros;
    const to = flow.endMicros + this.slackMicros;
    let failed = 0;
    let succeeded = 0;
    let matched = false;
    for (const e of list) {
      if (e.tsMicros < from || e.tsMicros > to) continue;
      if (e.srcPort !== undefined && e.srcPort !== flow.origPort) continue;
      matched = true;
      if (e.outcome === 'auth-success') succeeded++;
      else failed++;
    }
    return matched ? { failed, succeeded } : undefined;
  }

  /** Drop events older than `tsMicros` (call as flows age out). */
  forgetBefore(tsMicros: number): void {
    for (const [ip, list] of this.byIp) {
      const kept = list.filter((e) => e.tsMicros >= tsMicros);
      if (kept.length === 0) this.byIp.delete(ip);
      else if (kept.length !== list.length) this.byIp.set(ip, kept);
    }
  }
}
