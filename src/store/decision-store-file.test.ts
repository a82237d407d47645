/**
 * The decision store as a file other programs share: an SQLite 3 database that an independent
 * SQLite (Debian's sqlite3 CLI) reads, that a second vigil process reads and writes while the
 * first has it open (`vigil decisions list` during `vigil run`), and that survives a process
 * killed in the middle of a transaction.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'libsql';
import { afterEach, describe, expect, it } from 'vitest';
import type { Decision } from '../records/index.js';
import { DecisionStore } from './decision-store.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const storeModule = fileURLToPath(new URL('./decision-store.ts', import.meta.url));
const T0 = 1_790_000_000_000_000;

const dirs: string[] = [];
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-store-file-'));
  dirs.push(dir);
  return join(dir, 'decisions.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function decision(id: string, target = '10.9.9.9'): Decision {
  return {
    id,
    createdMicros: T0,
    action: 'block',
    target,
    ttlSeconds: 600,
    reason: 'r',
    alertIds: [],
    origin: 'operator',
    dryRun: true,
  };
}

/** Node's arguments to run `code` in another process, with `DecisionStore` and libsql's `Database` in scope. */
function childArgs(code: string): string[] {
  const script =
    `const { DecisionStore } = await import(${JSON.stringify(storeModule)});\n` +
    `const { default: Database } = await import('libsql');\n${code}`;
  return ['--import', 'tsx', '--input-type=module', '-e', script];
}

function inOtherProcess(code: string): string {
  const r = spawnSync(process.execPath, childArgs(code), { cwd: root, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`child process failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Starts `code` in another process and resolves once it prints `ready`. */
async function startOtherProcess(code: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, childArgs(code), { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => b.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`child exited before it was ready (${code})`)));
  });
  return child;
}

const exited = (child: ChildProcess): Promise<unknown> =>
  child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));

const sqlite3Cli = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
const noCli = sqlite3Cli.status === 0 ? false : 'the sqlite3 CLI is not installed (Debian package sqlite3)';

describe('the decision store file', () => {
  it('is an SQLite 3 database file on disk', () => {
    const path = tempDb();
    const s = new DecisionStore(path);
    s.put(decision('d1'));
    s.close();
    // The 16-byte magic string every SQLite 3 database file starts with (sqlite.org/fileformat.html).
    expect(readFileSync(path).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
  });

  it.skipIf(noCli)(
    'is read by an independent SQLite (the sqlite3 CLI), also while the store has it open',
    () => {
      const path = tempDb();
      const cli = (sql: string): string => {
        const r = spawnSync('sqlite3', ['-readonly', path, sql], { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`sqlite3: ${r.stderr}`);
        return r.stdout.trim();
      };
      const s = new DecisionStore(path);
      s.put(decision('d1'), decision('d2', '10.1.2.3'));
      s.putResults([{ decisionId: 'd1', backend: 'nftables', status: 'applied', atMicros: T0 + 5 }]);
      // Still open, committed rows still in the write-ahead log: the CLI reads them through it.
      expect(cli('SELECT id, target, created_micros FROM decisions ORDER BY id')).toBe(
        `d1|10.9.9.9|${T0}\nd2|10.1.2.3|${T0}`,
      );
      s.close();
      expect(cli('PRAGMA integrity_check')).toBe('ok');
      expect(cli('SELECT decision_id, status FROM action_results')).toBe('d1|applied');
    },
  );

  it('lets another process write while this one has it open, and sees what that process committed', () => {
    const path = tempDb();
    const mine = new DecisionStore(path);
    mine.put(decision('mine'));
    expect(mine.get('mine')).toBeDefined();
    const out = inOtherProcess(
      `const s = new DecisionStore(${JSON.stringify(path)});
       s.put({ id: 'theirs', createdMicros: ${T0}, action: 'block', target: '10.5.5.5', ttlSeconds: 0,
               reason: 'other process', alertIds: [], origin: 'operator', dryRun: true });
       console.log(s.all().map((d) => d.decision.id).sort().join(','));
       s.close();`,
    );
    expect(out.trim()).toBe('mine,theirs');
    expect(mine.get('theirs')?.decision.reason).toBe('other process');
    mine.close();
  });

  it("reads during another process's write transaction, and waits for it to write", async () => {
    const path = tempDb();
    const s = new DecisionStore(path);
    s.put(decision('before'));
    const writer = await startOtherProcess(
      `const db = new Database(${JSON.stringify(path)});
       db.exec('BEGIN IMMEDIATE');
       db.prepare("UPDATE decisions SET reason = 'uncommitted'").run();
       console.log('ready');
       setTimeout(() => { db.exec('COMMIT'); db.close(); }, 600);`,
    );
    try {
      const t = performance.now();
      expect(s.get('before')?.decision.reason).toBe('r'); // the last committed state, at once
      expect(performance.now() - t).toBeLessThan(300);
      const w = performance.now();
      s.put(decision('after')); // waits for the writer's COMMIT instead of failing
      expect(performance.now() - w).toBeGreaterThan(200);
      expect(s.get('before')?.decision.reason).toBe('uncommitted');
      expect(s.get('after')).toBeDefined();
    } finally {
      writer.kill();
      await exited(writer);
      s.close();
    }
  });

  it('recovers from a process killed in the middle of a transaction: committed rows stay, the rest is gone', async () => {
    const path = tempDb();
    const s = new DecisionStore(path);
    s.put(decision('committed'));
    s.close();
    // A tiny page cache makes SQLite write the uncommitted rows into the files before COMMIT.
    const child = await startOtherProcess(
      `const db = new Database(${JSON.stringify(path)});
       db.pragma('cache_size = 2');
       db.exec('BEGIN IMMEDIATE');
       const ins = db.prepare("INSERT INTO alerts VALUES (?, 0, 'ip', '10.0.0.1', 'scan', 1)");
       for (let i = 0; i < 2000; i++) ins.run('a' + i + 'x'.repeat(500));
       console.log('ready');
       setInterval(() => {}, 1000);`,
    );
    child.kill('SIGKILL');
    await exited(child);

    const after = new DecisionStore(path);
    expect(after.all().map((d) => d.decision.id)).toEqual(['committed']);
    after.close();
    const raw = new Database(path);
    expect(raw.prepare('SELECT count(*) AS n FROM alerts').get()).toMatchObject({ n: 0 });
    expect(raw.prepare('PRAGMA integrity_check').get()).toMatchObject({ integrity_check: 'ok' });
    raw.close();
  });
});
