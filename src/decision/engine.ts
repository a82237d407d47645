/**
 * Profiles turn accumulated evidence into decisions: "N matching alerts about one entity within
 * a window -> action for a TTL". Each (profile, entity) keeps the times of its matching alerts;
 * when N fall inside the window the profile fires once, then stays quiet while its decision is
 * in force. Repeat offenders get escalated TTLs. Pure: time comes in, decisions go out.
 */
import { randomUUID } from 'node:crypto';
import type { Alert, Decision } from '../records/index.js';
import { isDryRun, type ProfileConfig, type ResponseConfig } from './config.js';
import { Correlator, entityKey, type EntityEvidence } from './correlate.js';
import { formatDuration } from './duration.js';
import { escalatedTtl } from './escalation.js';

export interface EngineDeps {
  /** @default crypto.randomUUID */
  newId?: () => string;
  /** Earlier enforcement decisions against a target (e.g. DecisionStore.offences). @default counted in memory */
  offences?: (target: string) => number;
}

export interface EngineOutput {
  duplicate: boolean;
  evidence: EntityEvidence;
  decisions: Decision[];
}

export interface OperatorRequest {
  action: Decision['action'];
  target: string;
  ttlSeconds: number;
  reason: string;
  rate?: number;
}

interface ProfileState {
  times: number[];
  alertIds: string[];
  quietUntilMicros: number;
}

const ENFORCING = new Set<Decision['action']>(['block', 'rate-limit', 'quarantine']);

export class DecisionEngine {
  readonly correlator: Correlator;
  private readonly state = new Map<string, ProfileState>();
  private readonly ownOffences = new Map<string, number>();
  private readonly newId: () => string;
  private readonly offences: (target: string) => number;
  private readonly dryRun: boolean;

  constructor(
    private readonly config: ResponseConfig,
    deps: EngineDeps = {},
  ) {
    this.correlator = new Correlator({
      duplicateWindowMicros: config.correlation.duplicateWindow * 1e6,
      entityIdleMicros: config.correlation.entityIdle * 1e6,
    });
    this.newId = deps.newId ?? randomUUID;
    this.offences = deps.offences ?? ((t) => this.ownOffences.get(t) ?? 0);
    this.dryRun = isDryRun(config);
  }

  observe(alert: Alert, nowMicros: number): EngineOutput {
    const { duplicate, evidence } = this.correlator.observe(alert, nowMicros);
    const decisions: Decision[] = [];
    if (!duplicate) {
      for (const profile of this.config.profiles) {
        const d = this.evaluate(profile, alert, evidence, nowMicros);
        if (d) decisions.push(d);
      }
    }
    return { duplicate, evidence, decisions };
  }

  /** A decision an operator asked for (CLI); same dry-run rule and escalation-free TTL. */
  operatorDecision(req: OperatorRequest, nowMicros: number): Decision {
    const d: Decision = {
      id: this.newId(),
      createdMicros: nowMicros,
      action: req.action,
      target: req.target,
      ttlSeconds: req.ttlSeconds,
      reason: `operator: ${req.reason}`,
      alertIds: [],
      origin: 'operator',
      dryRun: this.dryRun,
      ...(req.rate !== undefined ? { rate: req.rate } : {}),
    };
    if (ENFORCING.has(d.action)) this.countOffence(d.target);
    return d;
  }

  private evaluate(
    profile: ProfileConfig,
    alert: Alert,
    ev: EntityEvidence,
    now: number,
  ): Decision | undefined {
    const m = profile.match;
    if (m.categories && !m.categories.includes(alert.category)) return undefined;
    if (alert.score < m.minScore || !m.entityKinds.includes(alert.entity.kind)) return undefined;
    const key = `${profile.name}|${entityKey(alert.entity)}`;
    const st = this.state.get(key) ?? { times: [], alertIds: [], quietUntilMicros: -Infinity };
    this.state.set(key, st);
    if (now < st.quietUntilMicros) return undefined;
    const windowStart = now - profile.threshold.window * 1e6;
    while (st.times.length > 0 && st.times[0]! < windowStart) {
      st.times.shift();
      st.alertIds.shift();
    }
    st.times.push(now);
    st.alertIds.push(alert.id);
    if (st.times.length < profile.threshold.count) return undefined;

    // Firewall actions need an address; a host or user entity gets a notification instead.
    const action = ENFORCING.has(profile.action) && alert.entity.kind !== 'ip' ? 'notify' : profile.action;
    const target = alert.entity.value;
    const earlier = ENFORCING.has(action) ? this.offences(target) : 0;
    const ttl = ENFORCING.has(action)
      ? escalatedTtl(profile.ttl, earlier, {
          factor: this.config.escalation.factor,
          maxTtlSeconds: this.config.escalation.maxTtl,
        })
      : profile.ttl;
    const alertIds = [...st.alertIds];
    const spanSeconds = ((st.times[st.times.length - 1]! - st.times[0]!) / 1e6).toFixed(0);
    const d: Decision = {
      id: this.newId(),
      createdMicros: now,
      action,
      target,
      ttlSeconds: ttl,
      reason:
        `profile ${profile.name}: ${alertIds.length} alerts in ${spanSeconds}s ` +
        `(${Object.keys(ev.categories).join(', ')}; max score ${ev.maxScore.toFixed(2)}; evidence level ${ev.level.toFixed(2)})` +
        (earlier > 0 ? `; repeat offence #${earlier + 1}, TTL ${formatDuration(ttl)}` : '') +
        (action !== profile.action ? `; ${profile.action} needs an IP, notifying instead` : '') +
        `; alerts ${alertIds.join(', ')}` +
        (ev.flowIds.length > 0 ? `; flows ${ev.flowIds.slice(-10).join(', ')}` : '') +
        (ev.logEventIds.length > 0 ? `; log events ${ev.logEventIds.slice(-10).join(', ')}` : ''),
      alertIds,
      origin: 'profile',
      dryRun: this.dryRun,
      ...(profile.rate !== undefined && action === 'rate-limit' ? { rate: profile.rate } : {}),
    };
    st.times = [];
    st.alertIds = [];
    st.quietUntilMicros = ttl > 0 ? now + ttl * 1e6 : Infinity;
    if (ENFORCING.has(action)) this.countOffence(target);
    return d;
  }

  private countOffence(target: string): void {
    this.ownOffences.set(target, (this.ownOffences.get(target) ?? 0) + 1);
  }
}
