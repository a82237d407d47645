/**
 * Adapter: runs a step's commands inside a lab namespace, each under coreutils `timeout` (SIGTERM at the
 * bound, SIGKILL 2 s later), and keeps the live ones so an interrupted run can stop exactly those.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { nowMicros } from './clock.js';
import { pidAlive, pidIsInNamespace } from './netns.js';
import type { CommandSpec } from './tools/index.js';

export interface CommandResult {
  argv: string[];
  startMicros: number;
  endMicros: number;
  exitCode: number | null;
  /** True when `timeout` had to stop the command (exit 124, or killed). */
  timedOut: boolean;
}

/** The argv that runs spec inside ns, bounded to `seconds`. */
export function boundedArgv(ns: string, spec: CommandSpec, seconds: number): string[] {
  const secs = Math.max(0.1, Math.round(seconds * 10) / 10);
  return ['ip', 'netns', 'exec', ns, 'timeout', '--kill-after=2', `${secs}s`, ...spec.argv];
}

export class CommandRunner {
  private readonly live = new Map<number, { ns: string; child: ChildProcess }>();

  /** Runs one command to its end; output is appended to the file descriptor `logFd`. */
  run(ns: string, spec: CommandSpec, seconds: number, opts: { logFd: number; cwd: string }): Promise<CommandResult> {
    const argv = boundedArgv(ns, spec, seconds);
    const startMicros = nowMicros();
    return new Promise((resolve) => {
      const child = spawn(argv[0]!, argv.slice(1), {
        cwd: opts.cwd,
        env: { ...process.env, ...spec.env },
        stdio: ['ignore', opts.logFd, opts.logFd],
      });
      const pid = child.pid;
      if (pid !== undefined) this.live.set(pid, { ns, child });
      const done = (exitCode: number | null): void => {
        if (pid !== undefined) this.live.delete(pid);
        resolve({ argv: spec.argv, startMicros, endMicros: nowMicros(), exitCode, timedOut: exitCode === 124 || exitCode === 137 });
      };
      child.on('error', () => done(null));
      // A signal death reads as the shell would report it: 128 + the signal number.
      child.on('exit', (code, signal) => done(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : null)));
    });
  }

  get running(): number {
    return this.live.size;
  }

  /** Stops every live command (the `timeout` wrapper passes the signal on), checking each is still in its namespace. */
  async stopAll(): Promise<void> {
    for (const [pid, { ns }] of this.live) {
      if ((await pidAlive(pid)) && (await pidIsInNamespace(pid, ns))) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
    }
  }
}
