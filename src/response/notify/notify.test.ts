/** Each notifier against a real listener this test starts on loopback. */
import { createSocket } from 'node:dgram';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Decision } from '../../records/index.js';
import { formatRfc5424 } from './rfc5424.js';
import { SmtpNotifier } from './smtp.js';
import { SyslogNotifier } from './syslog.js';
import { WebhookNotifier } from './webhook.js';

const decision: Decision = {
  id: 'd-42',
  createdMicros: 1_790_000_000_123_456,
  action: 'block',
  target: '10.66.0.9',
  ttlSeconds: 14_400,
  reason: 'profile ssh-brute-force: 3 alerts in 40s; alerts a1, a2, a3',
  alertIds: ['a1', 'a2', 'a3'],
  origin: 'profile',
  dryRun: false,
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function listen(server: Server | ReturnType<typeof createHttpServer>): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

describe('RFC 5424 format', () => {
  it('has priority, version, microsecond timestamp, structured data and the reason', () => {
    const line = formatRfc5424(
      { ...decision, reason: 'a "quoted" ] reason\nsecond line' },
      { hostname: 'agent-1', appName: 'vigil', procId: '77' },
    );
    expect(line).toBe(
      '<36>1 2026-09-21T14:13:20.123456Z agent-1 vigil 77 decision ' +
        '[vigil@32473 id="d-42" action="block" target="10.66.0.9" ttl="14400" origin="profile" dryRun="false" alerts="a1,a2,a3"] ' +
        'block 10.66.0.9 for 14400s (profile): a "quoted" ] reason second line',
    );
    expect(
      formatRfc5424({ ...decision, target: 'x"]y' }, { hostname: '', appName: 'vigil', procId: '1' }),
    ).toContain('target="x\\"\\]y"');
  });
});

describe('notifiers against loopback listeners', () => {
  it('webhook POSTs the decision as JSON', async () => {
    const bodies: unknown[] = [];
    const server = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.push({ method: req.method, type: req.headers['content-type'], body: JSON.parse(body) });
        res.writeHead(204).end();
      });
    });
    const port = await listen(server);
    cleanups.push(() => new Promise((r) => server.close(() => r())));
    const r = await new WebhookNotifier({ url: `http://127.0.0.1:${port}/hook` }).notify(decision, 5);
    expect(r).toMatchObject({ status: 'applied', backend: 'webhook', decisionId: 'd-42' });
    expect(bodies).toEqual([
      { method: 'POST', type: 'application/json', body: expect.objectContaining({ decision }) },
    ]);
  });

  it('webhook reports a failure for an error status and for a closed port', async () => {
    const server = createHttpServer((_req, res) => res.writeHead(500).end());
    const port = await listen(server);
    cleanups.push(() => new Promise((r) => server.close(() => r())));
    expect(
      (await new WebhookNotifier({ url: `http://127.0.0.1:${port}/` }).notify(decision, 0)).detail,
    ).toMatch(/500/);
    server.closeAllConnections();
    const closed = await new Promise<number>((r) => server.close(() => r(port)));
    expect(
      (await new WebhookNotifier({ url: `http://127.0.0.1:${closed}/`, timeoutMs: 2000 }).notify(decision, 0))
        .status,
    ).toBe('failed');
  });

  it('syslog over UDP sends one RFC 5424 datagram per decision', async () => {
    const sock = createSocket('udp4');
    const got: string[] = [];
    sock.on('message', (m) => got.push(m.toString()));
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    cleanups.push(() => {
      sock.close();
    });
    const n = new SyslogNotifier({ host: '127.0.0.1', port: sock.address().port, transport: 'udp' });
    cleanups.push(() => n.close());
    expect((await n.notify(decision, 0)).status).toBe('applied');
    expect((await n.notify({ ...decision, id: 'd-43', action: 'quarantine' }, 0)).status).toBe('applied');
    await waitFor(() => got.length === 2);
    expect(got[0]).toMatch(
      /^<36>1 2026-09-21T14:13:20\.123456Z \S+ vigil \d+ decision \[vigil@32473 id="d-42"/,
    );
    expect(got[1]).toMatch(/^<35>1 /);
  });

  it('syslog over TCP frames messages with octet counting on one connection', async () => {
    let buffer = Buffer.alloc(0);
    let connections = 0;
    const server = createServer((s) => {
      connections++;
      s.on('data', (d) => (buffer = Buffer.concat([buffer, d])));
    });
    const port = await listen(server);
    cleanups.push(() => new Promise((r) => server.close(() => r())));
    const n = new SyslogNotifier({ host: '127.0.0.1', port, transport: 'tcp' });
    expect((await n.notify(decision, 0)).status).toBe('applied');
    expect((await n.notify({ ...decision, id: 'd-44' }, 0)).status).toBe('applied');
    await n.close();
    await waitFor(() => parseOctetCounted(buffer).length === 2);
    const frames = parseOctetCounted(buffer);
    expect(frames[0]).toMatch(/id="d-42"/);
    expect(frames[1]).toMatch(/id="d-44"/);
    expect(connections).toBe(1);
  });

  it('e-mails the decision through an SMTP server on loopback', async () => {
    const mails: { from: string; to: string[]; data: string }[] = [];
    const server = tinySmtpServer(mails);
    const port = await listen(server);
    cleanups.push(() => new Promise((r) => server.close(() => r())));
    const n = new SmtpNotifier({
      host: '127.0.0.1',
      port,
      from: 'vigil@example.org',
      to: ['soc@example.org', 'oncall@example.org'],
    });
    cleanups.push(() => n.close());
    const r = await n.notify(decision, 0);
    expect(r.status).toBe('applied');
    expect(mails).toHaveLength(1);
    expect(mails[0]?.from).toBe('<vigil@example.org>');
    expect(mails[0]?.to).toEqual(['<soc@example.org>', '<oncall@example.org>']);
    expect(mails[0]?.data).toMatch(/Subject: \[vigil\] block 10\.66\.0\.9 for 14400s \(profile\)/);
    expect(mails[0]?.data).toMatch(/profile ssh-brute-force/);
  });

  it('reports an SMTP rejection as a failure', async () => {
    const server = tinySmtpServer([], { rejectRcpt: true });
    const port = await listen(server);
    cleanups.push(() => new Promise((r) => server.close(() => r())));
    const n = new SmtpNotifier({
      host: '127.0.0.1',
      port,
      from: 'vigil@example.org',
      to: ['nobody@example.org'],
    });
    cleanups.push(() => n.close());
    const r = await n.notify(decision, 0);
    expect(r.status).toBe('failed');
    expect(r.detail).toMatch(/550/);
  });
});

async function waitFor(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function parseOctetCounted(buf: Buffer): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < buf.length) {
    const sp = buf.indexOf(0x20, i);
    if (sp < 0) break;
    const len = Number(buf.subarray(i, sp).toString());
    if (sp + 1 + len > buf.length) break;
    out.push(buf.subarray(sp + 1, sp + 1 + len).toString());
    i = sp + 1 + len;
  }
  return out;
}

/** The smallest SMTP server that lets a real client deliver: enough of RFC 5321 for one session. */
function tinySmtpServer(
  mails: { from: string; to: string[]; data: string }[],
  opts: { rejectRcpt?: boolean } = {},
): Server {
  return createServer((sock: Socket) => {
    let from = '';
    let to: string[] = [];
    let inData = false;
    let data = '';
    let pending = '';
    sock.write('220 vigil-test ESMTP\r\n');
    sock.on('data', (chunk) => {
      pending += chunk.toString('latin1');
      for (;;) {
        if (inData) {
          const end = pending.indexOf('\r\n.\r\n');
          if (end < 0) return;
          data += pending.slice(0, end);
          pending = pending.slice(end + 5);
          inData = false;
          mails.push({ from, to, data });
          sock.write('250 2.0.0 queued\r\n');
          continue;
        }
        const nl = pending.indexOf('\r\n');
        if (nl < 0) return;
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') sock.write('250-vigil-test\r\n250 8BITMIME\r\n');
        else if (verb === 'MAIL') {
          from =
            line
              .slice(line.indexOf(':') + 1)
              .trim()
              .split(' ')[0] ?? '';
          sock.write('250 2.1.0 ok\r\n');
        } else if (verb === 'RCPT') {
          if (opts.rejectRcpt) sock.write('550 5.1.1 no such user\r\n');
          else {
            to.push(line.slice(line.indexOf(':') + 1).trim());
            sock.write('250 2.1.5 ok\r\n');
          }
        } else if (verb === 'DATA') {
          inData = true;
          data = '';
          sock.write('354 go ahead\r\n');
        } else if (verb === 'RSET') {
          from = '';
          to = [];
          sock.write('250 ok\r\n');
        } else if (verb === 'QUIT') {
          sock.write('221 bye\r\n');
          sock.end();
        } else sock.write('502 5.5.2 not implemented\r\n');
      }
    });
    sock.on('error', () => {});
  });
}
