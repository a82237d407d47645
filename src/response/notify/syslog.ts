/**
 * Syslog notifier: RFC 5424 messages over UDP (one datagram each, RFC 5426) or TCP with
 * octet-counting framing (RFC 6587, "LEN SP MSG"), on one connection kept open and reopened
 * after an error.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { hostname } from 'node:os';
import { connect, type Socket } from 'node:net';
import type { ActionResult, Decision } from '../../records/index.js';
import { notifyResult, type Notifier } from './notifier.js';
import { formatRfc5424 } from './rfc5424.js';

export interface SyslogOptions {
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
  /** @default 'vigil' */
  appName?: string;
  /** @default 5000 */
  timeoutMs?: number;
}

export class SyslogNotifier implements Notifier {
  readonly name: string;
  private udp: UdpSocket | undefined;
  private tcp: Socket | undefined;

  constructor(private readonly options: SyslogOptions) {
    this.name = `syslog-${options.transport}`;
  }

  async notify(decision: Decision, nowMicros: number): Promise<ActionResult> {
    const line = formatRfc5424(decision, {
      hostname: hostname(),
      appName: this.options.appName ?? 'vigil',
      procId: String(process.pid),
    });
    try {
      if (this.options.transport === 'udp') await this.sendUdp(line);
      else await this.sendTcp(line);
      return notifyResult(this.name, decision, nowMicros);
    } catch (err) {
      return notifyResult(this.name, decision, nowMicros, err);
    }
  }

  private sendUdp(line: string): Promise<void> {
    this.udp ??= createSocket(this.options.host.includes(':') ? 'udp6' : 'udp4');
    const sock = this.udp;
    return new Promise((resolve, reject) =>
      sock.send(Buffer.from(line), this.options.port, this.options.host, (e) => (e ? reject(e) : resolve())),
    );
  }

  private async sendTcp(line: string): Promise<void> {
    const sock = await this.tcpSocket();
    const body = Buffer.from(line);
    await new Promise<void>((resolve, reject) => {
      sock.write(Buffer.concat([Buffer.from(`${body.length} `), body]), (e) => (e ? reject(e) : resolve()));
    });
  }

  private tcpSocket(): Promise<Socket> {
    const open = this.tcp;
    if (open && !open.destroyed) return Promise.resolve(open);
    return new Promise((resolve, reject) => {
      const sock = connect({ host: this.options.host, port: this.options.port });
      const timer = setTimeout(
        () =>
          sock.destroy(new Error(`syslog tcp ${this.options.host}:${this.options.port}: connect timeout`)),
        this.options.timeoutMs ?? 5000,
      );
      sock.once('connect', () => {
        clearTimeout(timer);
        this.tcp = sock;
        resolve(sock);
      });
      sock.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      sock.on('error', () => sock.destroy());
    });
  }

  async close(): Promise<void> {
    this.udp?.close();
    this.udp = undefined;
    const t = this.tcp;
    this.tcp = undefined;
    if (t && !t.destroyed) await new Promise<void>((r) => t.end(() => r()));
  }
}
