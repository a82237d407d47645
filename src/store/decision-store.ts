/**
 * Every decision and every ActionResult, in one SQLite file (libsql, SQLite's C core with a
 * better-sqlite3 API, prebuilt per platform in the npm registry so `npm ci` compiles nothing:
 * synchronous, transactions are cheap, and the file survives an agent restart). Alerts are kept
 * in brief (entity, time, category) so the policy can ask whether a decision stopped them.
 * src/store/README.md says why not a WebAssembly SQLite.
 */
import Database from 'libsql';
import type { ActionResult, Alert, Decision } from '../records/index.js';
import { SCHEMA } from './schema.js';

export interface StoredDecision {
  decision: Decision;
  /** When the decision stops by itself; undefined = until revoked. */
  expiresMicros?: number;
  endedMicros?: number;
  endStatus?: 'revoked' | 'expired';
}

export interface DecisionFeedback {
  decisionId: string;
  target: string;
  /** First time a backend applied it (dry-run counts as not applied). */
  appliedMicros?: number;
  /** Largest dropped-packet count read back from the firewall. */
  droppedPackets: number;
  droppedBytes: number;
  /** Alerts about the target in the window before it was applied, and while it was in force. */
  alertsBefore: number;
  alertsDuring: number;
  /** Applied and no alert about the target came while it was in force. */
  stoppedAlerts: boolean;
  /** A backend refused it because the target is allowlisted. */
  refusedAsAllowlisted: boolean;
}

/** How long a write waits for another process's write transaction before failing. */
export const BUSY_TIMEOUT_MS = 5_000;

export class StoreError extends Error {
  override readonly name = 'StoreError';
}

interface DecisionRow {
  id: string;
  created_micros: number;
  action: Decision['action'];
  target: string;
  ttl_seconds: number;
  expires_micros: number | null;
  reason: string;
  alert_ids: string;
  origin: Decision['origin'];
  dry_run: number;
  rate: number | null;
  ended_micros: number | null;
  end_status: 'revoked' | 'expired' | null;
}

interface ResultRow {
  decision_id: string;
  backend: string;
  status: ActionResult['status'];
  at_micros: number;
  detail: string | null;
  packets: number | null;
  bytes: number | null;
}

function fromRow(r: DecisionRow): StoredDecision {
  const decision: Decision = {
    id: r.id,
    createdMicros: r.created_micros,
    action: r.action,
    target: r.target,
    ttlSeconds: r.ttl_seconds,
    reason: r.reason,
    alertIds: JSON.parse(r.alert_ids) as string[],
    origin: r.origin,
    dryRun: r.dry_run === 1,
    ...(r.rate !== null ? { rate: r.rate } : {}),
  };
  return {
    decision,
    ...(r.expires_micros !== null ? { expiresMicros: r.expires_micros } : {}),
    ...(r.ended_micros !== null ? { endedMicros: r.ended_micros } : {}),
    ...(r.end_status !== null ? { endStatus: r.end_status } : {}),
  };
}

function resultFromRow(r: ResultRow): ActionResult {
  const effect =
    r.packets !== null || r.bytes !== null
      ? { effect: { packets: r.packets ?? 0, bytes: r.bytes ?? 0 } }
      : {};
  return {
    decisionId: r.decision_id,
    backend: r.backend,
    status: r.status,
    atMicros: r.at_micros,
    ...(r.detail !== null ? { detail: r.detail } : {}),
    ...effect,
  };
}

export class DecisionStore {
  private readonly db: Database.Database;

  constructor(readonly path: string) {
    try {
      // libsql's default busy timeout is 0 (fail at once); wait like better-sqlite3 did.
      this.db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
    } catch (err) {
      throw new StoreError(`cannot open decision store ${path}: ${(err as Error).message}`, { cause: err });
    }
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
  }

  /** Saves decisions (one transaction); saving an id again replaces it. */
  put(...decisions: Decision[]): void {
    const stmt = this.db.prepare(
      `INSERT OR REPLACE INTO decisions (id, created_micros, action, target, ttl_seconds, expires_micros, reason,
         alert_ids, origin, dry_run, rate, ended_micros, end_status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)`,
    );
    this.db.transaction(() => {
      for (const d of decisions) {
        stmt.run(
          d.id,
          d.createdMicros,
          d.action,
          d.target,
          d.ttlSeconds,
          d.ttlSeconds > 0 ? d.createdMicros + d.ttlSeconds * 1_000_000 : null,
          d.reason,
          JSON.stringify(d.alertIds),
          d.origin,
          d.dryRun ? 1 : 0,
          d.rate ?? null,
        );
      }
    })();
  }

  putResults(results: readonly ActionResult[]): void {
    const stmt = this.db.prepare(
      `INSERT INTO action_results (decision_id, backend, status, at_micros, detail, packets, bytes)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      for (const r of results) {
        stmt.run(
          r.decisionId,
          r.backend,
          r.status,
          r.atMicros,
          r.detail ?? null,
          r.effect?.packets ?? null,
          r.effect?.bytes ?? null,
        );
      }
    })();
  }

  get(id: string): StoredDecision | undefined {
    const row = this.db.prepare('SELECT * FROM decisions WHERE id = ?').get(id) as DecisionRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  results(decisionId: string): ActionResult[] {
    const rows = this.db
      .prepare('SELECT * FROM action_results WHERE decision_id = ? ORDER BY at_micros, rowid')
      .all(decisionId) as ResultRow[];
    return rows.map(resultFromRow);
  }

  /** Decisions in force at `nowMicros`: not ended and not past their expiry. */
  live(nowMicros: number): StoredDecision[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM decisions WHERE ended_micros IS NULL AND (expires_micros IS NULL OR expires_micros > ?)
         ORDER BY created_micros, id`,
      )
      .all(nowMicros) as DecisionRow[];
    return rows.map(fromRow);
  }

  /** Decisions past their expiry that nobody has closed yet. */
  overdue(nowMicros: number): StoredDecision[] {
    const rows = this.db
      .prepare(
        'SELECT * FROM decisions WHERE ended_micros IS NULL AND expires_micros <= ? ORDER BY expires_micros',
      )
      .all(nowMicros) as DecisionRow[];
    return rows.map(fromRow);
  }

  /** Every decision, newest first. */
  all(limit = 1000): StoredDecision[] {
    const rows = this.db
      .prepare('SELECT * FROM decisions ORDER BY created_micros DESC, id LIMIT ?')
      .all(limit) as DecisionRow[];
    return rows.map(fromRow);
  }

  /** Closes a decision; false when it does not exist or was already closed. */
  end(id: string, status: 'revoked' | 'expired', atMicros: number): boolean {
    const r = this.db
      .prepare('UPDATE decisions SET ended_micros = ?, end_status = ? WHERE id = ? AND ended_micros IS NULL')
      .run(atMicros, status, id);
    return r.changes === 1;
  }

  /** Earlier enforcement decisions (block, rate-limit, quarantine) against `target`: repeat offences. */
  offences(target: string, beforeMicros = Number.MAX_SAFE_INTEGER): number {
    const row = this.db
      .prepare(
        `SELECT count(*) AS n FROM decisions WHERE target = ? AND created_micros < ?
         AND action IN ('block', 'rate-limit', 'quarantine')`,
      )
      .get(target, beforeMicros) as { n: number };
    return row.n;
  }

  /** Decisions some backend reported as applied (enforced for real), oldest first. */
  applied(): StoredDecision[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM decisions WHERE id IN (SELECT DISTINCT decision_id FROM action_results WHERE status = 'applied')
         ORDER BY created_micros, id`,
      )
      .all() as DecisionRow[];
    return rows.map(fromRow);
  }

  recordAlerts(alerts: readonly Alert[]): void {
    const stmt = this.db.prepare(
      'INSERT OR IGNORE INTO alerts (id, ts_micros, entity_kind, entity_value, category, score) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const a of alerts) stmt.run(a.id, a.tsMicros, a.entity.kind, a.entity.value, a.category, a.score);
    })();
  }

  /**
   * Did the decision work? Alerts about its target in `windowMicros` before it was applied
   * against alerts while it was in force, with the drop counters the firewall reported.
   */
  feedback(
    decisionId: string,
    nowMicros: number,
    windowMicros = 3_600_000_000,
  ): DecisionFeedback | undefined {
    const stored = this.get(decisionId);
    if (!stored) return undefined;
    const results = this.results(decisionId);
    const applied = results.find((r) => r.status === 'applied');
    const start = applied?.atMicros ?? stored.decision.createdMicros;
    const end = Math.min(stored.endedMicros ?? nowMicros, stored.expiresMicros ?? nowMicros, nowMicros);
    const count = this.db.prepare(
      'SELECT count(*) AS n FROM alerts WHERE entity_value = ? AND ts_micros >= ? AND ts_micros < ?',
    );
    const before = (count.get(stored.decision.target, start - windowMicros, start) as { n: number }).n;
    const during = (count.get(stored.decision.target, start, end) as { n: number }).n;
    const dropped = results.reduce((m, r) => Math.max(m, r.effect?.packets ?? 0), 0);
    const bytes = results.reduce((m, r) => Math.max(m, r.effect?.bytes ?? 0), 0);
    return {
      decisionId,
      target: stored.decision.target,
      ...(applied ? { appliedMicros: applied.atMicros } : {}),
      droppedPackets: dropped,
      droppedBytes: bytes,
      alertsBefore: before,
      alertsDuring: during,
      stoppedAlerts: applied !== undefined && during === 0,
      refusedAsAllowlisted: results.some((r) => r.status === 'refused' && /allowlist/.test(r.detail ?? '')),
    };
  }

  close(): void {
    this.db.close();
  }
}
