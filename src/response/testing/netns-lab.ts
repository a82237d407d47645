/**
 * A throw-away network for firewall tests, built only from network namespaces this helper
 * creates (`vigil-t-<random>-*`) and removes. Nothing touches the host's own network: veth pairs
 * are created inside the namespaces, addresses (10.203.x.x) exist only there, and every command
 * runs through `ip netns exec`.
 *
 *   attacker 10.203.11.2 ─┐
 *   good     10.203.12.2 ─┼─ fw (router, runs the firewall) ── host 10.203.13.2 (TCP echo :8080, UDP echo :9000)
 *   mgmt    10.203.250.2 ─┘
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { runCommand, type ExecResult } from '../exec.js';

export type PeerName = 'attacker' | 'good' | 'mgmt' | 'host';

const SUBNET: Record<PeerName, string> = {
  attacker: '10.203.11',
  good: '10.203.12',
  host: '10.203.13',
  mgmt: '10.203.250',
};

export const LAB_MANAGEMENT = '10.203.250.0/24';

/** Why namespace tests cannot run here, or undefined when they can. */
export function namespaceSkipReason(tools: string[] = ['nft']): string | undefined {
  if (process.platform !== 'linux') return 'needs Linux network namespaces';
  if (process.getuid?.() !== 0) return 'needs root to create network namespaces';
  for (const tool of ['ip', ...tools]) {
    if (!['/usr/sbin', '/sbin', '/usr/bin', '/bin'].some((d) => existsSync(`${d}/${tool}`))) {
      return `needs ${tool} (Debian package: ${tool === 'ip' ? 'iproute2' : tool}; scripts/setup.sh installs it)`;
    }
  }
  return undefined;
}

const SERVICE = `
const net = require('node:net'), dgram = require('node:dgram');
net.createServer((s) => { s.on('data', (d) => s.write(d)); s.on('error', () => {}); }).listen(8080, '0.0.0.0');
const u = dgram.createSocket('udp4');
u.on('message', (m, r) => u.send(m, r.port, r.address));
u.bind(9000, '0.0.0.0', () => console.log('ready'));
`;

const CLIENT = `
const [mode, host, port, a, b] = process.argv.slice(1);
if (mode === 'tcp') {
  const s = require('node:net').connect({ host, port: +port });
  const t = setTimeout(() => { console.log('timeout'); process.exit(0); }, +a);
  s.on('connect', () => s.write('ping'));
  s.on('data', () => { clearTimeout(t); console.log('ok'); process.exit(0); });
  s.on('error', (e) => { clearTimeout(t); console.log('error ' + e.code); process.exit(0); });
} else {
  const u = require('node:dgram').createSocket('udp4');
  let got = 0, sent = 0;
  u.on('message', () => got++);
  const iv = setInterval(() => {
    u.send('x', +port, host); sent++;
    if (sent >= +a) { clearInterval(iv); setTimeout(() => { console.log(JSON.stringify({ sent, got })); process.exit(0); }, 300); }
  }, +b);
}
`;

export class NetnsLab {
  readonly prefix: string;
  private readonly created: string[] = [];
  private service: ChildProcess | undefined;

  private constructor() {
    this.prefix = `vigil-t-${randomBytes(3).toString('hex')}`;
  }

  ns(name: PeerName | 'fw'): string {
    return `${this.prefix}-${name}`;
  }

  address(peer: PeerName): string {
    return `${SUBNET[peer]}.2`;
  }

  static async create(): Promise<NetnsLab> {
    const lab = new NetnsLab();
    try {
      await lab.build();
    } catch (err) {
      await lab.destroy();
      throw err;
    }
    return lab;
  }

  private async must(argv: string[]): Promise<ExecResult> {
    const r = await runCommand(argv, { timeoutMs: 10_000 });
    if (r.code !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr.trim()}`);
    return r;
  }

  private async build(): Promise<void> {
    const fw = this.ns('fw');
    const peers: PeerName[] = ['attacker', 'good', 'mgmt', 'host'];
    for (const name of [fw, ...peers.map((p) => this.ns(p))]) {
      await this.must(['ip', 'netns', 'add', name]);
      this.created.push(name);
      await this.must(['ip', '-n', name, 'link', 'set', 'lo', 'up']);
      await this.must(['ip', 'netns', 'exec', name, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1']);
    }
    await this.must(['ip', 'netns', 'exec', fw, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    for (const [i, peer] of peers.entries()) {
      const ns = this.ns(peer);
      // Created inside fw and moved straight into the peer: the host namespace never sees them.
      await this.must([
        'ip',
        '-n',
        fw,
        'link',
        'add',
        `fw${i}`,
        'type',
        'veth',
        'peer',
        'name',
        'eth0',
        'netns',
        ns,
      ]);
      await this.must(['ip', '-n', fw, 'addr', 'add', `${SUBNET[peer]}.1/24`, 'dev', `fw${i}`]);
      await this.must(['ip', '-n', fw, 'link', 'set', `fw${i}`, 'up']);
      await this.must(['ip', '-n', ns, 'addr', 'add', `${SUBNET[peer]}.2/24`, 'dev', 'eth0']);
      await this.must(['ip', '-n', ns, 'link', 'set', 'eth0', 'up']);
      await this.must(['ip', '-n', ns, 'route', 'add', 'default', 'via', `${SUBNET[peer]}.1`]);
    }
    await this.startService();
  }

  private startService(): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn('ip', ['netns', 'exec', this.ns('host'), process.execPath, '-e', SERVICE], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      this.service = child;
      const timer = setTimeout(() => reject(new Error('lab service did not start in 10 s')), 10_000);
      child.stdout!.once('data', () => {
        clearTimeout(timer);
        resolve();
      });
      child.on('error', reject);
    });
  }

  /** Runs a command inside one of the lab's namespaces. */
  exec(ns: PeerName | 'fw', argv: string[], stdin?: string): Promise<ExecResult> {
    return runCommand(['ip', 'netns', 'exec', this.ns(ns), ...argv], {
      timeoutMs: 20_000,
      ...(stdin ? { stdin } : {}),
    });
  }

  /** Can `from` open a TCP connection to the host's echo service and get its bytes back? */
  async tcpReaches(from: PeerName, timeoutMs = 700): Promise<boolean> {
    const r = await this.exec(from, [
      process.execPath,
      '-e',
      CLIENT,
      'tcp',
      this.address('host'),
      '8080',
      String(timeoutMs),
    ]);
    return r.stdout.trim() === 'ok';
  }

  /** Sends `count` UDP datagrams, one every `everyMs`, to the host's echo; counts the answers. */
  async udpFlood(from: PeerName, count: number, everyMs: number): Promise<{ sent: number; got: number }> {
    const r = await this.exec(from, [
      process.execPath,
      '-e',
      CLIENT,
      'udp',
      this.address('host'),
      '9000',
      String(count),
      String(everyMs),
    ]);
    return JSON.parse(r.stdout.trim()) as { sent: number; got: number };
  }

  async destroy(): Promise<void> {
    const child = this.service;
    if (child?.pid !== undefined && child.exitCode === null) {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('close', r));
    }
    for (const name of this.created.reverse()) spawnSync('ip', ['netns', 'del', name]);
    this.created.length = 0;
  }
}

/** One empty namespace (loopback only), for tests that need a kernel firewall but no traffic. */
export async function createBareNamespace(): Promise<{ name: string; destroy: () => void }> {
  const name = `vigil-t-${randomBytes(3).toString('hex')}-bare`;
  const r = await runCommand(['ip', 'netns', 'add', name]);
  if (r.code !== 0) throw new Error(`ip netns add ${name} failed: ${r.stderr.trim()}`);
  return { name, destroy: () => void spawnSync('ip', ['netns', 'del', name]) };
}
