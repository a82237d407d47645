/** E-mail notifier over SMTP (nodemailer does the protocol). */
import nodemailer, { type Transporter } from 'nodemailer';
import type { ActionResult, Decision } from '../../records/index.js';
import { notifyResult, summary, type Notifier } from './notifier.js';

export interface SmtpOptions {
  host: string;
  port: number;
  from: string;
  to: string[];
  /** @default 10000 */
  timeoutMs?: number;
}

export class SmtpNotifier implements Notifier {
  readonly name = 'smtp';
  private readonly transport: Transporter;

  constructor(private readonly options: SmtpOptions) {
    const t = options.timeoutMs ?? 10_000;
    this.transport = nodemailer.createTransport({
      host: options.host,
      port: options.port,
      secure: false,
      connectionTimeout: t,
      greetingTimeout: t,
      socketTimeout: t,
    });
  }

  async notify(decision: Decision, nowMicros: number): Promise<ActionResult> {
    try {
      const info = (await this.transport.sendMail({
        from: this.options.from,
        to: this.options.to,
        subject: `[vigil] ${summary(decision)}`,
        text: `${summary(decision)}\n\n${decision.reason}\n\n${JSON.stringify(decision, null, 2)}\n`,
      })) as { messageId?: string };
      return notifyResult(this.name, decision, nowMicros, undefined, info.messageId);
    } catch (err) {
      return notifyResult(this.name, decision, nowMicros, err);
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
