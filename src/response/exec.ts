/**
 * Runs a command without a shell, feeds stdin, collects output, and kills it (by its own PID)
 * after a timeout. The only place the response stage starts processes.
 */
import { spawn } from 'node:child_process';

export interface ExecResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface ExecOptions {
  stdin?: string;
  /** @default 30_000 */
  timeoutMs?: number;
  /** Run in its own process group and kill the whole group on timeout (shell scripts spawn children). */
  ownGroup?: boolean;
}

export class CommandError extends Error {
  override readonly name = 'CommandError';
  constructor(
    readonly argv: readonly string[],
    readonly result: ExecResult | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${argv.join(' ')}: ${message}`, options);
  }
}

export type Runner = (argv: readonly string[], options?: ExecOptions) => Promise<ExecResult>;

export const runCommand: Runner = (argv, options = {}) =>
  new Promise((resolve, reject) => {
    const [file, ...args] = argv;
    if (file === undefined) {
      reject(new CommandError(argv, undefined, 'empty command'));
      return;
    }
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: options.ownGroup ?? false });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (options.ownGroup && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL'); // the group this call created, led by its child
        } catch {
          child.kill('SIGKILL');
        }
      } else child.kill('SIGKILL');
    }, options.timeoutMs ?? 30_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new CommandError(argv, undefined, err.message, { cause: err }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
    // A command that exits before reading all of stdin closes the pipe; that is its answer, not ours to crash on.
    child.stdin.on('error', () => {});
    child.stdin.end(options.stdin ?? '');
  });

/** A runner whose commands run inside network namespace `ns` (`ip netns exec`). */
export function namespaceRunner(ns: string, base: Runner = runCommand): Runner {
  return (argv, options) => base(['ip', 'netns', 'exec', ns, ...argv], options);
}
