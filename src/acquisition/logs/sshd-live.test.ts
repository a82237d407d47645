/**
 * End to end with a real sshd: OpenSSH runs in a network namespace this test creates and removes;
 * real clients fail and succeed to log in over the namespace's loopback; sshd's messages are written
 * to an auth log the way a syslog daemon would (RFC 3164 prefix, stamped on arrival, since there is
 * no syslog daemon here), the log is rotated half-way, and tailLogEvents must see every login.
 * Needs root, iproute2 and Debian's openssh-server, openssh-client and sshpass; skips otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, chmodSync, copyFileSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { LogEvent } from '../../records/log-event.js';
import { hasTool } from '../testing/datasets.js';
import { tailLogEvents } from './index.js';

const SSHD = '/usr/sbin/sshd';
const reason =
  process.getuid?.() !== 0
    ? 'needs root for a network namespace and sshd'
    : !['ip', 'ssh', 'ssh-keygen', 'sshpass', SSHD].every(hasTool)
      ? 'needs iproute2, openssh-server, openssh-client and sshpass'
      : undefined;

const NS = `vigil-acq-sshd-${process.pid % 100000}`;
const PORT = '2222';

describe.skipIf(reason !== undefined)(`auth log from a real sshd (${reason ?? 'root, sshd present'})`, () => {
  let dir = '';
  let sshd: ChildProcess | undefined;
  let log = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-sshd-'));
    log = join(dir, 'auth.log');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'hostkey')]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'clientkey')]);
    copyFileSync(join(dir, 'clientkey.pub'), join(dir, 'authorized_keys'));
    chmodSync(join(dir, 'authorized_keys'), 0o600);
    mkdirSync('/run/sshd', { recursive: true }); // sshd's privilege-separation directory
    execFileSync('ip', ['netns', 'add', NS]);
    execFileSync('ip', ['netns', 'exec', NS, 'ip', 'link', 'set', 'lo', 'up']);
    sshd = spawn(
      'ip',
      [
        'netns',
        'exec',
        NS,
        SSHD,
        '-D',
        '-e',
        '-p',
        PORT,
        '-o',
        'ListenAddress=127.0.0.1',
        '-h',
        join(dir, 'hostkey'),
        '-o',
        'PidFile=none',
        '-o',
        'UsePAM=no',
        '-o',
        'PermitRootLogin=yes',
        '-o',
        'StrictModes=no',
        '-o',
        `AuthorizedKeysFile=${join(dir, 'authorized_keys')}`,
        '-o',
        'PasswordAuthentication=yes',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const pid = sshd.pid ?? 0;
    const listening = new Promise<void>((resolve) => {
      // What a syslog daemon would do: prefix each message with time, host and program[pid].
      createInterface({ input: sshd!.stderr! }).on('line', (message) => {
        const d = new Date();
        const stamp = `${d.toUTCString().slice(8, 11)} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)}`;
        try {
          appendFileSync(log, `${stamp} lab sshd[${pid}]: ${message}\n`);
        } catch {
          // the directory is gone once the test has finished
        }
        if (message.startsWith('Server listening')) resolve();
      });
    });
    await Promise.race([listening, new Promise((r) => setTimeout(r, 5000))]);
  });

  afterAll(async () => {
    if (sshd?.pid !== undefined && sshd.exitCode === null) {
      const exited = new Promise((r) => sshd!.once('exit', r));
      sshd.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    }
    execFileSync('ip', ['netns', 'del', NS], { stdio: 'ignore' });
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  const ssh = (user: string, args: string[]): void => {
    try {
      execFileSync(
        'ip',
        [
          'netns',
          'exec',
          NS,
          ...args,
          '-p',
          PORT,
          '-o',
          'StrictHostKeyChecking=no',
          '-o',
          'UserKnownHostsFile=/dev/null',
          '-o',
          'ConnectTimeout=5',
          `${user}@127.0.0.1`,
          'true',
        ],
        { stdio: 'ignore', timeout: 15_000 },
      );
    } catch {
      // failed logins are the point
    }
  };

  it('sees failed, invalid-user and accepted logins across a log rotation', async () => {
    const ac = new AbortController();
    const source = tailLogEvents(log, { fromStart: true, pollMs: 20, signal: ac.signal });
    const events: LogEvent[] = [];
    const run = (async () => {
      for await (const batch of source) events.push(...batch);
    })();
    const waitFor = async (pred: () => boolean): Promise<void> => {
      const deadline = Date.now() + 10_000;
      while (!pred() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    };

    ssh('root', ['sshpass', '-p', 'wrong-password', 'ssh', '-o', 'PubkeyAuthentication=no']);
    await waitFor(() => events.some((e) => e.outcome === 'auth-failure'));
    renameSync(log, `${log}.1`); // logrotate's default: rename, the writer then creates a new file
    ssh('nosuchuser', ['sshpass', '-p', 'wrong-password', 'ssh', '-o', 'PubkeyAuthentication=no']);
    ssh('root', ['ssh', '-i', join(dir, 'clientkey'), '-o', 'BatchMode=yes']);
    await waitFor(() => events.some((e) => e.outcome === 'auth-success'));
    ac.abort();
    await run;

    const auth = events.filter((e) => e.outcome !== 'other' && e.outcome !== 'disconnect');
    expect(auth.map((e) => [e.outcome, e.user, e.srcIp])).toEqual([
      ['auth-failure', 'root', '127.0.0.1'],
      ['invalid-user', 'nosuchuser', '127.0.0.1'],
      ['auth-failure', 'nosuchuser', '127.0.0.1'],
      ['auth-success', 'root', '127.0.0.1'],
    ]);
    expect(auth.every((e) => e.source === 'auth' && e.host === 'lab' && (e.srcPort ?? 0) > 0)).toBe(true);
    expect(source.stats.rotations).toBe(1);
    expect(source.stats.unparsed).toBe(0);
  }, 60_000);
});
