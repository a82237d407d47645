/**
 * A long-lived `nft -i` process for small commits. Starting `ip netns exec … nft` costs several
 * milliseconds of fork/exec and library setup per commit, most of the decision-to-kernel time.
 * nft's interactive mode runs each input line as one transaction, exactly as `nft -f` runs a
 * file, so a commit becomes one line. nft -i prints nothing on success, so each batch is
 * followed by a `list set` of a set that never exists: its error, carrying a unique name, marks
 * the end of the batch; anything on stderr before it is the batch's own error.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export class NftSessionError extends Error {
  override readonly name = 'NftSessionError';
}

export class NftSession {
  private child: ChildProcessWithoutNullStreams | undefined;
  private stderr = '';
  private seq = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private notify: (() => void) | undefined;

  constructor(
    private readonly argv: readonly string[],
    private readonly table: string,
  ) {}

  private start(): ChildProcessWithoutNullStreams {
    if (this.child && this.child.exitCode === null && !this.child.killed) return this.child;
    const [file, ...args] = this.argv;
    const child = spawn(file!, [...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.resume(); // nothing expected; never let it fill up
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      this.stderr += d;
      this.notify?.();
    });
    child.stdin.on('error', () => {});
    child.on('exit', () => this.notify?.());
    this.child = child;
    return child;
  }

  /** Runs the commands as one transaction; resolves with nft's error text ('' when it succeeded). */
  run(commands: readonly string[], timeoutMs = 10_000): Promise<string> {
    const next = this.queue.then(() => this.runNow(commands, timeoutMs));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private runNow(commands: readonly string[], timeoutMs: number): Promise<string> {
    const child = this.start();
    const marker = `vigil_sync_${++this.seq}`;
    const endRe = new RegExp(`Error: [^\\n]*\\nlist set inet ${this.table} ${marker}\\n[^\\n]*\\n`);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.notify = undefined;
        this.kill();
        reject(new NftSessionError(`nft -i gave no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      this.notify = () => {
        const m = endRe.exec(this.stderr);
        if (!m) {
          if (child.exitCode !== null) {
            clearTimeout(timer);
            this.notify = undefined;
            reject(new NftSessionError(`nft -i exited (${child.exitCode}): ${this.stderr.trim()}`));
          }
          return;
        }
        clearTimeout(timer);
        this.notify = undefined;
        const own = this.stderr.slice(0, m.index);
        this.stderr = this.stderr.slice(m.index + m[0].length);
        resolve(own.trim());
      };
      child.stdin.write(`${commands.join('; ')}\nlist set inet ${this.table} ${marker}\n`);
    });
  }

  private kill(): void {
    const c = this.child;
    this.child = undefined;
    this.stderr = '';
    if (c && c.exitCode === null) c.kill('SIGKILL');
  }

  async close(): Promise<void> {
    const c = this.child;
    this.child = undefined;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.stdin.end();
    const t = setTimeout(() => c.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(t);
  }
}
