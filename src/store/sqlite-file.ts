/**
 * One SQLite database file on disk, opened through node-sqlite3-wasm: SQLite compiled to
 * WebAssembly with a VFS onto node:fs. Nothing is compiled on `npm ci` and nothing is
 * downloaded besides the registry tarball, and the file is an ordinary SQLite 3 database
 * (the `sqlite3` CLI reads it).
 *
 * What the wasm VFS does differently from a native SQLite, and what this file does about it:
 * - Locking is a directory `<file>.lock` made with mkdir (SQLite's "dot-file" scheme), taken for
 *   any read or write and removed when the statement or transaction ends. Two vigil processes
 *   therefore exclude each other correctly (`PRAGMA busy_timeout` makes the second one wait),
 *   but a native SQLite (the sqlite3 CLI) does not see that lock: see src/store/README.md.
 * - A process killed while it holds the lock leaves the directory behind and every later open
 *   would report "database is locked" forever. Our transactions last milliseconds, so a lock
 *   older than STALE_LOCK_MS is a dead holder's: it is removed and the statement retried;
 *   SQLite then rolls back that holder's unfinished transaction from its journal.
 * - There is no shared memory, so no WAL: the journal is a rollback journal (TRUNCATE mode).
 * - Statements are not reset after a read, and a statement that is not run to its end keeps
 *   the lock; so every query here runs to completion or is finalized at once.
 */
import { rmdirSync, statSync } from 'node:fs';
import sqlite from 'node-sqlite3-wasm';
import type { BindValues, Database, RunResult, Statement } from 'node-sqlite3-wasm';

/** A lock directory this old belongs to a process that died holding it. */
export const STALE_LOCK_MS = 30_000;
export interface SqliteFileOptions {
  /** How long a statement waits for another process's lock before failing. @default 5000 */
  busyTimeoutMs?: number;
}

export class StoreError extends Error {
  override readonly name = 'StoreError';
}

function isBusy(err: unknown): boolean {
  return err instanceof Error && /database is locked|SQLITE_BUSY/i.test(err.message);
}

/** The directory node-sqlite3-wasm's VFS creates while a connection holds the file's lock. */
export function lockPath(file: string): string {
  return `${file}.lock`;
}

/** Age of the lock directory in ms, or undefined when nobody holds the lock. */
function lockAgeMs(file: string, nowMs: number): number | undefined {
  try {
    return nowMs - statSync(lockPath(file)).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Removes a lock left by a dead process; true when it removed one. */
export function clearStaleLock(file: string, nowMs = Date.now()): boolean {
  const age = lockAgeMs(file, nowMs);
  if (age === undefined || age < STALE_LOCK_MS) return false;
  try {
    rmdirSync(lockPath(file));
    return true;
  } catch {
    return false; // another process cleared it first
  }
}

export class SqliteFile {
  private readonly db: Database;
  private readonly busyTimeoutMs: number;

  constructor(
    readonly path: string,
    options: SqliteFileOptions = {},
  ) {
    this.busyTimeoutMs = options.busyTimeoutMs ?? 5_000;
    clearStaleLock(path);
    try {
      this.db = new sqlite.Database(path);
    } catch (err) {
      throw new StoreError(`cannot open decision store ${path}: ${(err as Error).message}`, { cause: err });
    }
    try {
      this.guard(() => {
        this.db.exec(`PRAGMA busy_timeout = ${this.busyTimeoutMs}`);
        // TRUNCATE rather than DELETE: the same rollback journal without an unlink and a
        // directory fsync per commit (11 ms -> 0.9 ms per commit here); FULL keeps every
        // committed decision across a power cut.
        this.db.exec('PRAGMA journal_mode = TRUNCATE');
        this.db.exec('PRAGMA synchronous = FULL');
      });
    } catch (err) {
      this.db.close();
      throw err;
    }
  }

  exec(sql: string): void {
    this.guard(() => this.db.exec(sql));
  }

  run(sql: string, values?: BindValues): RunResult {
    return this.guard(() => this.db.run(sql, values));
  }

  /** The first row; the statement is finalized at once, so no lock outlives the call. */
  get<T extends object>(sql: string, values?: BindValues): T | undefined {
    return this.guard(() => (this.db.get(sql, values) as T | null) ?? undefined);
  }

  all<T extends object>(sql: string, values?: BindValues): T[] {
    return this.guard(() => this.db.all(sql, values) as T[]);
  }

  /** Runs `sql` once per element of `rows` in one transaction; all or nothing. */
  runMany(sql: string, rows: readonly BindValues[]): void {
    if (rows.length === 0) return;
    this.guard(() => {
      const stmt: Statement = this.db.prepare(sql);
      try {
        this.db.exec('BEGIN IMMEDIATE');
        try {
          for (const values of rows) stmt.run(values);
          this.db.exec('COMMIT');
        } catch (err) {
          if (this.db.inTransaction) this.db.exec('ROLLBACK');
          throw err;
        }
      } finally {
        stmt.finalize();
      }
    });
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  /**
   * Runs `fn`; when it fails because the file stayed locked for the busy timeout, clears a stale
   * lock and retries once (every caller is all-or-nothing, so a retry repeats nothing twice),
   * or names the lock in the error.
   */
  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (!isBusy(err)) throw err;
      if (clearStaleLock(this.path)) return fn();
      const age = lockAgeMs(this.path, Date.now());
      throw new StoreError(
        `decision store ${this.path} stayed locked by another process for ${this.busyTimeoutMs / 1000} s` +
          (age !== undefined
            ? ` (${lockPath(this.path)} is ${(age / 1000).toFixed(0)} s old; it is removed as stale after ${STALE_LOCK_MS / 1000} s)`
            : ''),
        { cause: err },
      );
    }
  }
}
