/**
 * Adapter: long-lived daemons inside lab namespaces. Each is started with `ip netns exec NS PROG`
 * (which execs PROG, so the child's PID is the daemon's own), detached, with its output sent to files:
 * a daemon must never hold the caller's pipes open. Stopping checks that the PID still lives in the
 * namespace it was started in before signalling it, and never looks processes up by name.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { LabError } from './errors.js';
import { runIn, sleep } from './exec.js';
import { pidAlive, pidIsInNamespace } from './netns.js';
import { STAMPER_SCRIPT } from './stamp.js';

export interface StartedDaemon {
  pid: number;
  argv: string[];
}

function openAppend(file: string): number {
  return openSync(file, 'a', 0o644);
}

function pidOf(child: ChildProcess, argv: readonly string[]): number {
  if (child.pid === undefined) throw new LabError(`could not start: ${argv.join(' ')}`);
  return child.pid;
}

/** Starts argv in ns, detached, stdout and stderr appended to files. */
export function startDaemon(ns: string, argv: string[], out: { stdout: string; stderr: string }): StartedDaemon {
  const outFd = openAppend(out.stdout);
  const errFd = out.stderr === out.stdout ? outFd : openAppend(out.stderr);
  try {
    const child = spawn('ip', ['netns', 'exec', ns, ...argv], { detached: true, stdio: ['ignore', outFd, errFd] });
    const pid = pidOf(child, argv);
    child.unref();
    return { pid, argv };
  } finally {
    closeSync(outFd);
    if (errFd !== outFd) closeSync(errFd);
  }
}

/**
 * Starts sshd -D -e with its stderr piped into the stamper (stamp.ts), whose output is appended to
 * authLog. Both run in ns. We drop our end of the pipe at once, so sshd is its only writer and the
 * stamper ends when sshd does.
 */
export function startStampedSshd(
  ns: string,
  host: string,
  sshdArgv: string[],
  files: { authLog: string; stamperErr: string },
): { sshd: StartedDaemon; stamper: StartedDaemon } {
  const stamperArgv = [process.execPath, '-e', STAMPER_SCRIPT, host];
  const logFd = openAppend(files.authLog);
  const errFd = openAppend(files.stamperErr);
  let stamperChild: ChildProcess;
  try {
    stamperChild = spawn('ip', ['netns', 'exec', ns, ...stamperArgv], { detached: true, stdio: ['pipe', logFd, errFd] });
  } finally {
    closeSync(logFd);
  }
  const stamperPid = pidOf(stamperChild, stamperArgv);
  const pipe = stamperChild.stdin;
  if (!pipe) throw new LabError('stamper has no stdin pipe');
  try {
    const sshdChild = spawn('ip', ['netns', 'exec', ns, ...sshdArgv], { detached: true, stdio: ['ignore', errFd, pipe] });
    const sshdPid = pidOf(sshdChild, sshdArgv);
    sshdChild.unref();
    return { sshd: { pid: sshdPid, argv: sshdArgv }, stamper: { pid: stamperPid, argv: ['node', '-e', '<stamper>', host] } };
  } finally {
    closeSync(errFd);
    pipe.destroy();
    stamperChild.unref();
  }
}

export type StopOutcome = 'stopped' | 'killed' | 'gone' | 'not-in-namespace';

/**
 * A process in the middle of exiting (the sshd stamper at EOF once sshd is gone) has already left its
 * namespaces but is not yet a zombie, so it looks alive and outside the lab. Give it a moment to end.
 */
async function exitsSoon(pid: number, withinMs = 1000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (!(await pidAlive(pid))) return true;
    await sleep(50);
  }
  return false;
}

/**
 * Stops one PID that we started in ns: SIGTERM, then SIGKILL after graceMs. Does nothing to a PID that
 * is gone or no longer in ns (the number may have been reused by an unrelated process).
 */
export async function stopPid(pid: number, ns: string, graceMs = 3000): Promise<StopOutcome> {
  if (!(await pidAlive(pid))) return 'gone';
  if (!(await pidIsInNamespace(pid, ns))) return (await exitsSoon(pid)) ? 'gone' : 'not-in-namespace';
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return 'gone';
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!(await pidAlive(pid))) return 'stopped';
    await sleep(50);
  }
  if (await pidIsInNamespace(pid, ns)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return 'stopped';
    }
  }
  return 'killed';
}

/**
 * Waits until something listens on ip:port inside ns. Uses `ss -ltn` rather than connecting, so the
 * probe leaves no line in the services' logs.
 */
export async function waitForListener(ns: string, ip: string, port: number, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { stdout } = await runIn(ns, ['ss', '-Hltn', `sport = :${port}`]).catch(() => ({ stdout: '' }));
    if (stdout.includes(`${ip}:${port}`)) return true;
    await sleep(100);
  }
  return false;
}
