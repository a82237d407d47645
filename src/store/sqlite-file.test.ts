import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Decision } from '../records/index.js';
import { DecisionStore } from './decision-store.js';
import { lockPath, SqliteFile, STALE_LOCK_MS, StoreError } from './sqlite-file.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const storeModule = fileURLToPath(new URL('./decision-store.ts', import.meta.url));
const T0 = 1_790_000_000_000_000;

const dirs: string[] = [];
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-sqlite-'));
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

/** Runs `code` in a separate Node process with `DecisionStore` in scope (through tsx). */
function inOtherProcess(code: string): string {
  const script = `const { DecisionStore } = await import(${JSON.stringify(storeModule)});\n${code}`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`child process failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

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

  it.skipIf(noCli)('is read by an independent SQLite (the sqlite3 CLI): integrity ok, same rows', () => {
    const path = tempDb();
    const s = new DecisionStore(path);
    s.put(decision('d1'), decision('d2', '10.1.2.3'));
    s.putResults([{ decisionId: 'd1', backend: 'nftables', status: 'applied', atMicros: T0 + 5 }]);
    s.close();
    const cli = (sql: string): string => {
      const r = spawnSync('sqlite3', ['-readonly', path, sql], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`sqlite3: ${r.stderr}`);
      return r.stdout.trim();
    };
    expect(cli('PRAGMA integrity_check')).toBe('ok');
    expect(cli('SELECT id, target, created_micros FROM decisions ORDER BY id')).toBe(
      `d1|10.9.9.9|${T0}\nd2|10.1.2.3|${T0}`,
    );
    expect(cli('SELECT decision_id, status FROM action_results')).toBe('d1|applied');
  });

  it('lets another process write while this one has it open, and sees what that process committed', () => {
    const path = tempDb();
    const mine = new DecisionStore(path);
    mine.put(decision('mine'));
    expect(mine.get('mine')).toBeDefined();
    // Reads run to completion, so an idle open store holds no lock.
    expect(existsSync(lockPath(path))).toBe(false);
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

  it('waits for a lock another process holds instead of failing', async () => {
    const path = tempDb();
    const s = new DecisionStore(path);
    // Another process holds the lock (as the wasm VFS takes it: a directory) and lets go after 400 ms.
    mkdirSync(lockPath(path));
    const holder = spawn(process.execPath, [
      '-e',
      `setTimeout(() => require('fs').rmdirSync(${JSON.stringify(lockPath(path))}), 400)`,
    ]);
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    const t = performance.now();
    s.put(decision('after-wait'));
    const waited = performance.now() - t;
    await exited;
    expect(waited).toBeGreaterThan(300);
    expect(s.get('after-wait')).toBeDefined();
    s.close();
  });

  it('removes a lock left by a dead process, and names a live one when it times out', () => {
    const path = tempDb();
    new DecisionStore(path).close();
    mkdirSync(lockPath(path));
    const old = (Date.now() - 2 * STALE_LOCK_MS) / 1000;
    utimesSync(lockPath(path), old, old);
    const s = new DecisionStore(path);
    s.put(decision('after-stale'));
    expect(existsSync(lockPath(path))).toBe(false);
    s.close();

    const f = new SqliteFile(path, { busyTimeoutMs: 100 });
    mkdirSync(lockPath(path)); // fresh: somebody is working
    expect(() => f.all('SELECT id FROM decisions')).toThrow(StoreError);
    expect(() => f.all('SELECT id FROM decisions')).toThrow(/decisions\.db\.lock is 0 s old/);
    rmSync(lockPath(path), { recursive: true });
    expect(f.all('SELECT id FROM decisions')).toEqual([{ id: 'after-stale' }]);
    f.close();
  });
});
