/**
 * Stage 4, scores -> Alert: one alert per flow at or above the detector's threshold, about the
 * remote end of the flow (the address that is not the agent's own; the originator when the agent
 * does not know its address), and one alert per auth-rule hit about the failing client.
 */
import type { Alert } from '../records/index.js';
import type { AuthRuleHit } from './auth-rule.js';
import { categoryOf, type CategoryModel } from './category-model.js';
import type { ScoredBatch } from './detect-stage.js';

/** ATT&CK technique per lab category, where one fits. */
const TECHNIQUE: Readonly<Record<string, string>> = {
  scan: 'T1046',
  flood: 'T1498',
  'slow-dos': 'T1499.002',
  'brute-force': 'T1110.001',
};

/**
 * A 0..1 alert score from a detector score: detectors whose scores are probabilities keep them;
 * margin-style scores (SVM) have no scale, so a flagged row counts as 1.
 */
function alertScore(score: number, threshold: number): number {
  return threshold >= 0 && threshold <= 1 ? Math.min(1, Math.max(0, score)) : 1;
}

export function flowAlerts(scored: ScoredBatch, categories: CategoryModel, ownIp: string | undefined, modelVersion: string): Alert[] {
  const out: Alert[] = [];
  const { edge, scores, threshold } = scored;
  for (let i = 0; i < edge.flows.length; i++) {
    const s = scores[i]!;
    if (!(s >= threshold)) continue;
    const f = edge.flows[i]!;
    const remoteIsResp = ownIp !== undefined && f.origIp === ownIp;
    const remote = remoteIsResp ? f.respIp : f.origIp;
    const target = remoteIsResp ? `${f.origIp}:${f.origPort}` : `${f.respIp}:${f.respPort}`;
    const category = categoryOf(categories, scored.prepared, i);
    const technique = TECHNIQUE[category];
    out.push({
      id: `A-${scored.detector}-${f.id}`,
      tsMicros: edge.emittedMicros[i]!,
      entity: { kind: 'ip', value: remote },
      target,
      score: alertScore(s, threshold),
      category,
      detector: scored.detector,
      modelVersions: [modelVersion],
      evidence: { flowIds: [f.id], note: `${f.proto} ${f.service} ${f.flag}, score ${s.toPrecision(3)} >= ${threshold.toPrecision(3)}` },
      ...(technique ? { attackTechnique: technique } : {}),
    });
  }
  return out;
}

export function authAlert(hit: AuthRuleHit): Alert {
  return {
    id: `A-auth-${hit.host}-${hit.srcIp}-${hit.tsMicros}`,
    tsMicros: hit.tsMicros,
    entity: { kind: 'ip', value: hit.srcIp },
    target: `${hit.host}:ssh`,
    score: 1,
    category: 'brute-force',
    detector: 'auth-log',
    modelVersions: ['auth-rule'],
    evidence: {
      flowIds: [],
      logEventIds: hit.events.map((e) => `${e.host}@${e.tsMicros}`),
      note: `${hit.failures} failed logins within the window`,
    },
    attackTechnique: 'T1110.001',
  };
}
