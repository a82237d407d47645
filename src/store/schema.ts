/** SQLite schema of the decision store; `IF NOT EXISTS` everywhere so opening is also migrating. */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS decisions (
  id TEXT PRIMARY KEY,
  created_micros INTEGER NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  ttl_seconds INTEGER NOT NULL,
  expires_micros INTEGER,            -- NULL: until revoked
  reason TEXT NOT NULL,
  alert_ids TEXT NOT NULL,           -- JSON array
  origin TEXT NOT NULL,
  dry_run INTEGER NOT NULL,
  rate INTEGER,
  ended_micros INTEGER,              -- set when revoked or expired
  end_status TEXT
);
CREATE INDEX IF NOT EXISTS decisions_target ON decisions(target);
CREATE INDEX IF NOT EXISTS decisions_open ON decisions(expires_micros) WHERE ended_micros IS NULL;

CREATE TABLE IF NOT EXISTS action_results (
  decision_id TEXT NOT NULL,
  backend TEXT NOT NULL,
  status TEXT NOT NULL,
  at_micros INTEGER NOT NULL,
  detail TEXT,
  packets INTEGER,
  bytes INTEGER
);
CREATE INDEX IF NOT EXISTS action_results_decision ON action_results(decision_id, at_micros);

CREATE TABLE IF NOT EXISTS alerts (
  id TEXT PRIMARY KEY,
  ts_micros INTEGER NOT NULL,
  entity_kind TEXT NOT NULL,
  entity_value TEXT NOT NULL,
  category TEXT NOT NULL,
  score REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_entity ON alerts(entity_value, ts_micros);
`;
