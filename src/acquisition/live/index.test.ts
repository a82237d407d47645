/**
 * Live capture through libpcap, inside two network namespaces this test creates (joined by a veth
 * pair) and removes. A capture probe runs in one namespace while `ping` runs in the other.
 * Needs root, iproute2, ping and the optional `cap` package; skips with the reason otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { hasTool } from '../testing/datasets.js';
import { loadCap } from './cap-binding.js';
import { LiveCaptureUnavailableError } from './errors.js';

const PROBE = fileURLToPath(new URL('./capture-probe.ts', import.meta.url));

async function skipReason(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'needs root to create network namespaces and open a capture device';
  if (!hasTool('ip')) return 'needs iproute2 (`ip`)';
  if (!hasTool('ping')) return 'needs ping (Debian iputils-ping)';
  try {
    await loadCap();
  } catch (err) {
    return err instanceof LiveCaptureUnavailableError ? err.message : String(err);
  }
  return undefined;
}
const reason = await skipReason();

const tag = `${process.pid % 100000}`;
const NS_A = `vigil-acq-a-${tag}`;
const NS_B = `vigil-acq-b-${tag}`;
const IF_A = `vacqa${tag}`;
const IF_B = `vacqb${tag}`;

function inNs(ns: string, ...cmd: string[]): string {
  return execFileSync('ip', ['netns', 'exec', ns, ...cmd], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

interface ProbeLine {
  ready?: boolean;
  linkType?: number;
  packet?: { srcIp?: string; dstIp?: string; proto: string; icmpType?: number };
  stats?: { frames: number };
  error?: string;
}

/** Run the capture probe in namespace A; call `traffic` once it is capturing; collect its output. */
async function capture(
  filter: string,
  maxFrames: number,
  durationMs: number,
  traffic: () => void,
): Promise<ProbeLine[]> {
  const child = spawn(
    'ip',
    [
      'netns',
      'exec',
      NS_A,
      process.execPath,
      '--import',
      'tsx',
      PROBE,
      IF_A,
      filter,
      String(maxFrames),
      String(durationMs),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines: ProbeLine[] = [];
  const timeout = setTimeout(() => child.pid !== undefined && child.kill('SIGKILL'), durationMs + 15_000);
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      const parsed = JSON.parse(line) as ProbeLine;
      lines.push(parsed);
      if (parsed.ready === true) traffic();
    }
  } finally {
    clearTimeout(timeout);
  }
  return lines;
}

describe.skipIf(reason !== undefined)(
  `live capture in a network namespace (${reason ?? 'root, cap present'})`,
  () => {
    beforeAll(() => {
      execFileSync('ip', ['netns', 'add', NS_A]);
      execFileSync('ip', ['netns', 'add', NS_B]);
      execFileSync('ip', [
        'link',
        'add',
        IF_A,
        'netns',
        NS_A,
        'type',
        'veth',
        'peer',
        'name',
        IF_B,
        'netns',
        NS_B,
      ]);
      inNs(NS_A, 'ip', 'addr', 'add', '10.231.0.1/30', 'dev', IF_A);
      inNs(NS_B, 'ip', 'addr', 'add', '10.231.0.2/30', 'dev', IF_B);
      for (const [ns, dev] of [
        [NS_A, IF_A],
        [NS_B, IF_B],
      ] as const) {
        inNs(ns, 'sysctl', '-q', '-w', 'net.ipv6.conf.all.disable_ipv6=1');
        inNs(ns, 'ip', 'link', 'set', dev, 'up');
      }
    });
    afterAll(() => {
      for (const ns of [NS_A, NS_B]) execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
    });

    const ping = (): void => {
      inNs(NS_B, 'ping', '-c', '3', '-i', '0.2', '-W', '1', '10.231.0.1');
    };

    it('captures the echo requests and replies of three pings, with a BPF filter', async () => {
      const lines = await capture('icmp', 6, 10_000, ping);
      expect(lines[0]).toEqual({ ready: true, linkType: 1 });
      const packets = lines.flatMap((l) => (l.packet === undefined ? [] : [l.packet]));
      expect(packets.map((p) => [p.proto, p.icmpType, p.srcIp, p.dstIp])).toEqual([
        ['icmp', 8, '10.231.0.2', '10.231.0.1'],
        ['icmp', 0, '10.231.0.1', '10.231.0.2'],
        ['icmp', 8, '10.231.0.2', '10.231.0.1'],
        ['icmp', 0, '10.231.0.1', '10.231.0.2'],
        ['icmp', 8, '10.231.0.2', '10.231.0.1'],
        ['icmp', 0, '10.231.0.1', '10.231.0.2'],
      ]);
      expect(lines.at(-1)?.stats?.frames).toBe(6);
    }, 30_000);

    it('a filter that excludes the traffic captures nothing', async () => {
      const lines = await capture('udp', 6, 1500, ping);
      expect(lines.filter((l) => l.packet !== undefined)).toEqual([]);
      expect(lines.at(-1)?.stats?.frames).toBe(0);
    }, 30_000);

    it('a bad filter is a clear error naming device and filter', async () => {
      const lines = await capture('not a ( filter', 1, 500, () => undefined);
      expect(lines.at(-1)?.error).toMatch(
        new RegExp(`LiveCaptureOpenError: cannot capture on "${IF_A}" with filter "not a \\( filter"`),
      );
    }, 30_000);
  },
);
