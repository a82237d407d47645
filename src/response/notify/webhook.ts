/** Webhook notifier: one HTTP POST of the decision as JSON; any 2xx answer counts as delivered. */
import type { ActionResult, Decision } from '../../records/index.js';
import { notifyResult, summary, type Notifier } from './notifier.js';

export interface WebhookOptions {
  url: string;
  /** @default 5000 */
  timeoutMs?: number;
}

export class WebhookNotifier implements Notifier {
  readonly name = 'webhook';
  constructor(private readonly options: WebhookOptions) {}

  async notify(decision: Decision, nowMicros: number): Promise<ActionResult> {
    try {
      const res = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'vigil' },
        body: JSON.stringify({ type: 'vigil.decision', summary: summary(decision), decision }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`webhook ${this.options.url} answered ${res.status}`);
      return notifyResult(this.name, decision, nowMicros, undefined, `HTTP ${res.status}`);
    } catch (err) {
      return notifyResult(this.name, decision, nowMicros, err);
    }
  }

  async close(): Promise<void> {}
}
