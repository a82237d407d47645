/**
 * The notifier contract: a decision goes out to people or systems (webhook, syslog, e-mail).
 * A notifier never throws for a delivery problem; it returns a 'failed' ActionResult saying why.
 */
import type { ActionResult, Decision } from '../../records/index.js';

export interface Notifier {
  readonly name: string;
  notify(decision: Decision, nowMicros: number): Promise<ActionResult>;
  close(): Promise<void>;
}

export function notifyResult(
  name: string,
  decision: Decision,
  atMicros: number,
  error?: unknown,
  detail?: string,
): ActionResult {
  if (error === undefined) {
    return {
      decisionId: decision.id,
      backend: name,
      status: 'applied',
      atMicros,
      ...(detail ? { detail } : {}),
    };
  }
  const why = error instanceof Error ? error.message : String(error);
  return { decisionId: decision.id, backend: name, status: 'failed', atMicros, detail: why };
}

/** One-line summary used as subject and message text. */
export function summary(d: Decision): string {
  const ttl = d.ttlSeconds > 0 ? ` for ${d.ttlSeconds}s` : '';
  const rate = d.rate !== undefined ? ` at ${d.rate}/s` : '';
  return `${d.dryRun ? '[dry-run] ' : ''}${d.action} ${d.target}${rate}${ttl} (${d.origin})`;
}
