import { describe, expect, it } from 'vitest';
import { makeRng } from '../../util/random.js';
import { DEFAULT_HOSTS } from '../topology.js';
import { bruteForceWordlist } from './hydra-ssh.js';
import { curlFloodConfig } from './http-flood.js';
import { toolCatalog, type ToolContext } from './index.js';

const host = (name: string) => DEFAULT_HOSTS.find((h) => h.name === name)!;
const ctx = (over: Partial<ToolContext> = {}): ToolContext => ({
  source: host('atk1'),
  targets: [host('vic1'), host('vic2')],
  user: { name: 'vl-labuser', password: 'realpass9' },
  toolDir: '/tmp/run/tools',
  stepId: 's1',
  maxSeconds: 10,
  commonPasswords: ['123456', 'password', 'admin', 'root', 'qwerty', 'letmein'],
  ...over,
});
const plan = (tool: string, params: unknown, c = ctx()) => {
  const t = toolCatalog[tool]!;
  return t.plan(t.params.parse(params), c);
};

describe('tool plans', () => {
  it('every tool has a count bound its schema caps (nmap: its port list)', () => {
    const countKey: Record<string, string> = {
      'hping3-syn-flood': 'count', 'hydra-ssh': 'wordlistSize', 'slowhttptest-slowloris': 'connections',
      'http-flood': 'count', 'http-browse': 'count', 'ssh-session': 'count',
    };
    for (const t of Object.values(toolCatalog)) {
      if (t.kind === 'attack') expect(t.technique).toMatch(/^T\d{4}/);
      if (t.name === 'nmap-syn') {
        expect(t.params.safeParse({ ports: '-' }).success).toBe(true);
        expect(t.params.safeParse({ ports: 'all' }).success).toBe(false);
        continue;
      }
      const key = countKey[t.name];
      expect(key, `count key of ${t.name}`).toBeDefined();
      expect(t.params.safeParse({ [key!]: 10_000_000 }).success).toBe(false);
      expect(t.params.safeParse({ [key!]: 0 }).success).toBe(false);
    }
  });

  it('nmap scans every target in one command, no DNS, with the step bound as host timeout', () => {
    const p = plan('nmap-syn', { ports: '1-100' });
    expect(p.mode).toBe('parallel');
    if (p.mode !== 'parallel') return;
    expect(p.commands).toHaveLength(1);
    expect(p.commands[0]!.argv).toEqual(expect.arrayContaining(['nmap', '-sS', '-n', '-Pn', '-p', '1-100', '--host-timeout', '10s', '10.77.0.11', '10.77.0.12']));
  });

  it('hping3 floods each target with its own bounded process', () => {
    const p = plan('hping3-syn-flood', { count: 500, port: 22 });
    if (p.mode !== 'parallel') throw new Error('parallel expected');
    expect(p.commands.map((c) => c.argv.at(-1))).toEqual(['10.77.0.11', '10.77.0.12']);
    expect(p.commands[0]!.argv).toEqual(['hping3', '-q', '-S', '-p', '22', '-i', 'u1000', '-c', '500', '10.77.0.11']);
  });

  it('the brute-force wordlist holds the real password at its position, once', () => {
    const list = bruteForceWordlist(['a', 'b', 'c', 'd', 'e'], 'real', 4, 3);
    expect(list).toEqual(['a', 'b', 'real', 'c']);
    expect(bruteForceWordlist(['a', 'real', 'b'], 'real', 10, 10)).toEqual(['a', 'b', 'real']);
    const p = plan('hydra-ssh', { wordlistSize: 5, passwordPosition: 4, tasks: 2 }, ctx({ targets: [host('vic2')] }));
    if (p.mode !== 'parallel') throw new Error('parallel expected');
    const body = Object.values(p.files ?? {})[0]!;
    expect(body.trim().split('\n')).toEqual(['123456', 'password', 'admin', 'realpass9', 'root']);
    expect(p.commands[0]!.argv).toEqual(expect.arrayContaining(['hydra', '-f', '-t', '2', '-l', 'vl-labuser', 'ssh://10.77.0.12:22']));
    // The password is in the wordlist file, never in the argv that the labels record.
    expect(p.commands[0]!.argv.join(' ')).not.toContain('realpass9');
  });

  it('the HTTP flood writes one url/output pair per request', () => {
    expect(curlFloodConfig(['http://a/?r=0', 'http://a/?r=1'])).toBe('url = "http://a/?r=0"\noutput = "/dev/null"\nurl = "http://a/?r=1"\noutput = "/dev/null"\n');
    const p = plan('http-flood', { count: 3, parallel: 2 }, ctx({ targets: [host('vic1')] }));
    if (p.mode !== 'parallel') throw new Error('parallel expected');
    expect(Object.values(p.files!)[0]!.match(/^url = /gm)).toHaveLength(3);
  });

  it('slowloris never runs longer than the step allows', () => {
    const p = plan('slowhttptest-slowloris', { seconds: 60 }, ctx({ maxSeconds: 20, targets: [host('vic1')] }));
    if (p.mode !== 'parallel') throw new Error('parallel expected');
    const argv = p.commands[0]!.argv;
    expect(argv[argv.indexOf('-l') + 1]).toBe('20');
  });

  it('benign SSH passes the password in the environment and mistypes on schedule', () => {
    const p = plan('ssh-session', { count: 4, typoEvery: 2 }, ctx({ source: host('cli1'), targets: [host('vic1')] }));
    if (p.mode !== 'repeat') throw new Error('repeat expected');
    const rng = makeRng(1);
    const first = p.command(0, rng);
    const second = p.command(1, rng);
    expect(first.argv.join(' ')).not.toContain('realpass9');
    expect(first.env).toEqual({ SSHPASS: 'realpass9' });
    expect(second.argv[0]).toBe('sh');
    expect(second.env?.SSHPASS_TYPO).toBe('realpass9x');
  });

  it('benign browsing alternates targets and stays on the listed ports', () => {
    const p = plan('http-browse', { count: 20, ports: [8080] }, ctx({ source: host('cli1') }));
    if (p.mode !== 'repeat') throw new Error('repeat expected');
    const rng = makeRng(3);
    const urls = Array.from({ length: 4 }, (_, i) => p.command(i, rng).argv.at(-1)!);
    expect(urls.map((u) => new URL(u).host)).toEqual(['10.77.0.11:8080', '10.77.0.12:8080', '10.77.0.11:8080', '10.77.0.12:8080']);
  });
});
