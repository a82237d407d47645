/**
 * Adapter: runs short system commands (ip, useradd, ssh-keygen, ...) and waits for them.
 * Long-lived daemons and tools go through daemons.ts and step-exec.ts instead.
 */
import { execFile } from 'node:child_process';
import { CommandFailedError } from './errors.js';

export interface CommandOutput {
  stdout: string;
  stderr: string;
}

/** Runs argv without a shell; rejects with CommandFailedError (argv, exit code, stderr) on failure. */
export function run(argv: readonly string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<CommandOutput> {
  const [file, ...args] = argv;
  if (file === undefined) return Promise.reject(new CommandFailedError(argv, null, 'empty command'));
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      { timeout: opts.timeoutMs ?? 30_000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err) {
          const code = typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null;
          reject(new CommandFailedError(argv, code, stderr || err.message, { cause: err }));
        } else resolve({ stdout, stderr });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** Same as run, but inside a network namespace. */
export function runIn(ns: string, argv: readonly string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<CommandOutput> {
  return run(['ip', 'netns', 'exec', ns, ...argv], opts);
}

/** True when the command exits 0; for probes such as `getent passwd NAME`. */
export async function succeeds(argv: readonly string[]): Promise<boolean> {
  try {
    await run(argv);
    return true;
  } catch (err) {
    if (err instanceof CommandFailedError) return false;
    throw err;
  }
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
