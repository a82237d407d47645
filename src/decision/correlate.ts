/**
 * Per-entity correlation: alerts about the same source IP, host or user pile up as evidence,
 * with a level that leaks away over time (a leaky bucket: each alert pours in its score, the
 * level halves every `halfLife`). Duplicates (the same alert id, or the same detector saying
 * the same thing about the same flows and log events within a window) are counted and dropped.
 * Pure: the caller passes the time in.
 */
import type { Alert, Entity } from '../records/index.js';

export interface EntityEvidence {
  entity: Entity;
  firstMicros: number;
  lastMicros: number;
  alertCount: number;
  /** Leaky-bucket level: sum of scores, each decayed by its age. */
  level: number;
  maxScore: number;
  categories: Record<string, number>;
  /** Links back to what supports the evidence, newest last, capped at `maxLinks` each. */
  alertIds: string[];
  flowIds: string[];
  logEventIds: string[];
}

export interface CorrelatorOptions {
  duplicateWindowMicros: number;
  /** Evidence for an entity with no alert for this long is dropped by `expire`. */
  entityIdleMicros: number;
  /** @default entityIdleMicros / 4 */
  halfLifeMicros?: number;
  /** @default 256 */
  maxLinks?: number;
}

export interface Observation {
  duplicate: boolean;
  evidence: EntityEvidence;
}

export function entityKey(e: Entity): string {
  return `${e.kind}:${e.value}`;
}

function fingerprint(a: Alert): string {
  const links = [...a.evidence.flowIds, ...(a.evidence.logEventIds ?? [])].sort();
  // Without links, only an exact repeat (same time too) is a duplicate.
  const what = links.length > 0 ? links.join(',') : `@${a.tsMicros}`;
  return `${entityKey(a.entity)}|${a.category}|${a.detector}|${a.target ?? ''}|${what}`;
}

function pushCapped(list: string[], items: readonly string[], cap: number): void {
  for (const item of items) if (!list.includes(item)) list.push(item);
  if (list.length > cap) list.splice(0, list.length - cap);
}

export class Correlator {
  private readonly entities = new Map<string, EntityEvidence>();
  private readonly seen = new Map<string, number>();
  private readonly halfLife: number;
  private readonly maxLinks: number;
  observed = 0;
  duplicates = 0;

  constructor(private readonly options: CorrelatorOptions) {
    this.halfLife = options.halfLifeMicros ?? Math.max(1, options.entityIdleMicros / 4);
    this.maxLinks = options.maxLinks ?? 256;
  }

  observe(alert: Alert, nowMicros: number): Observation {
    this.observed++;
    const key = entityKey(alert.entity);
    const existing = this.entities.get(key);
    const ids = [`id:${alert.id}`, fingerprint(alert)];
    const window = this.options.duplicateWindowMicros;
    if (ids.some((id) => (this.seen.get(id) ?? -Infinity) > nowMicros - window)) {
      this.duplicates++;
      return { duplicate: true, evidence: existing ?? this.fresh(alert, nowMicros) };
    }
    for (const id of ids) this.seen.set(id, nowMicros);
    if (this.seen.size > 100_000) this.pruneSeen(nowMicros);

    const ev = existing ?? this.fresh(alert, nowMicros);
    ev.level = ev.level * Math.pow(0.5, Math.max(0, nowMicros - ev.lastMicros) / this.halfLife) + alert.score;
    ev.lastMicros = Math.max(ev.lastMicros, nowMicros);
    ev.alertCount++;
    ev.maxScore = Math.max(ev.maxScore, alert.score);
    ev.categories[alert.category] = (ev.categories[alert.category] ?? 0) + 1;
    pushCapped(ev.alertIds, [alert.id], this.maxLinks);
    pushCapped(ev.flowIds, alert.evidence.flowIds, this.maxLinks);
    pushCapped(ev.logEventIds, alert.evidence.logEventIds ?? [], this.maxLinks);
    this.entities.set(key, ev);
    return { duplicate: false, evidence: ev };
  }

  get(entity: Entity): EntityEvidence | undefined {
    return this.entities.get(entityKey(entity));
  }

  /** Drops entities idle for longer than `entityIdleMicros`; returns what was dropped. */
  expire(nowMicros: number): EntityEvidence[] {
    const gone: EntityEvidence[] = [];
    for (const [key, ev] of this.entities) {
      if (ev.lastMicros <= nowMicros - this.options.entityIdleMicros) {
        gone.push(ev);
        this.entities.delete(key);
      }
    }
    this.pruneSeen(nowMicros);
    return gone;
  }

  get size(): number {
    return this.entities.size;
  }

  private fresh(alert: Alert, nowMicros: number): EntityEvidence {
    return {
      entity: alert.entity,
      firstMicros: nowMicros,
      lastMicros: nowMicros,
      alertCount: 0,
      level: 0,
      maxScore: 0,
      categories: {},
      alertIds: [],
      flowIds: [],
      logEventIds: [],
    };
  }

  private pruneSeen(nowMicros: number): void {
    for (const [id, t] of this.seen)
      if (t <= nowMicros - this.options.duplicateWindowMicros) this.seen.delete(id);
  }
}
