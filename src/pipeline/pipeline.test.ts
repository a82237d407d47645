/**
 * The whole embedded pipeline in memory on the shipped lab captures: train on samples/lab-train,
 * replay samples/lab-sample (never trained on) through agents, detection and dry-run decisions.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LABELS_FILE, readLabels, type RunLabels } from '../lab/labels.js';
import { createEmbeddedRun, labRunSources, replayCaptures, trainOnLabRun } from '../roles/run.js';
import type { TrainedModels } from './train.js';
import type { EmbeddedPipeline, PipelineRecord } from './pipeline.js';
import { buildReport, type ReplayReport } from './report.js';

const SAMPLES = join(import.meta.dirname, '..', '..', 'samples');
const TRAIN = join(SAMPLES, 'lab-train');
const TEST = join(SAMPLES, 'lab-sample');

describe('embedded pipeline on the shipped lab captures', () => {
  let models: TrainedModels;
  let labels: RunLabels;
  let pipeline: EmbeddedPipeline;
  let report: ReplayReport;
  const seen = { flows: 0, alert: 0, decision: 0, action: 0 };

  beforeAll(async () => {
    ({ models } = await trainOnLabRun(TRAIN, { detectors: ['random-forest'], seed: 0 }));
    labels = await readLabels(join(TEST, LABELS_FILE));
    const { agents, sources } = labRunSources(TEST, labels);
    pipeline = createEmbeddedRun({
      models,
      detector: 'random-forest',
      agents,
      onRecord: (r: PipelineRecord) => {
        seen[r.kind] += r.kind === 'flows' ? r.batch.flows.length : 1;
      },
    });
    await replayCaptures(pipeline, sources);
    report = buildReport(pipeline.verdicts, pipeline.alerts, pipeline.decisions, labels.steps, labels.slackMicros);
  }, 120_000);

  it('judges every flow of both victims, as the lab export counts them', () => {
    // samples/README.md: 8,796 flows, none unknown.
    expect(pipeline.verdicts).toHaveLength(8796);
    expect(seen.flows).toBe(8796);
    const c = report.confusion;
    expect(c.tp + c.fn + c.fp + c.tn + c.unknown).toBe(8796);
    expect(c.tp + c.fn).toBe(8358);
  });

  it('raises an alert for every attack step, and decides against each attacker', () => {
    for (const s of report.steps) {
      expect(s.toAlertSeconds, `no alert for step ${s.stepId}`).toBeDefined();
      expect(s.toDecisionSeconds !== undefined || s.blockedBefore !== undefined, `no decision for ${s.stepId}`).toBe(true);
    }
    const attackers = new Set(labels.steps.filter((s) => s.kind === 'attack').map((s) => s.source.ip));
    expect(new Set(pipeline.decisions.map((d) => d.target))).toEqual(attackers);
  });

  it('never decides against a benign client, and everything stays dry-run', () => {
    const clients = labels.hosts.filter((h) => h.role === 'client').map((h) => h.ip);
    expect(pipeline.decisions.filter((d) => clients.includes(d.target))).toEqual([]);
    expect(report.benignTargeted).toEqual([]);
    // Alerts about clients may happen (false alarms); each is one flagged benign flow of the report.
    expect(pipeline.alerts.filter((a) => clients.includes(a.entity.value))).toHaveLength(report.confusion.fp);
    expect(pipeline.decisions.every((d) => d.dryRun)).toBe(true);
    expect(pipeline.results.length).toBeGreaterThan(0);
    expect(pipeline.results.every((r) => r.status === 'dry-run')).toBe(true);
    expect(seen.decision).toBe(pipeline.decisions.length);
  });

  it('catches the brute force through the auth log, with the count fitted on training', () => {
    // Training's benign SSH use mistypes at most a few times a minute; hydra fails 22 times.
    expect(models.authRule.failures).toBeGreaterThan(1);
    expect(models.authRule.failures).toBeLessThan(10);
    const auth = pipeline.alerts.filter((a) => a.detector === 'auth-log');
    expect(auth.length).toBeGreaterThan(0);
    expect(new Set(auth.map((a) => a.entity.value))).toEqual(new Set(['10.77.0.67']));
  });
});
