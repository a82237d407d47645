/**
 * `vigil demo`: the README's main command. No root, no network: trains the fast detectors on the
 * shipped training capture (samples/lab-train), replays the shipped test capture
 * (samples/lab-sample) through the embedded pipeline (one agent per victim, detection, decisions in
 * dry-run) once per detector, and prints Table 1 and the decisions it would have taken. The training
 * side may be a folder of runs (samples/lab-train holds two).
 */
import { Command, InvalidArgumentError } from 'commander';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { labRunDirs } from '../../datasets/lab/index.js';
import { LABELS_FILE, readLabels } from '../../lab/labels.js';
import { buildReport } from '../../pipeline/report.js';
import { renderAttackTimes, renderDecisions, renderTable1, type DetectorRun } from '../../pipeline/summary-table.js';
import { DEFAULT_DETECTOR, createEmbeddedRun, labRunSources, replayCaptures, trainOnLabRun } from '../../roles/run.js';
import { collectList } from './eval.js';

const SAMPLES = fileURLToPath(new URL('../../../samples/', import.meta.url));
export const FAST_DETECTORS = ['rules', 'svm-linear', 'random-forest', 'gbdt', 'ensemble'];

/** Issue 4's bar on lab data: the seed paper's best row, and the per-flow response time. */
const BAR = { dr: 98.1, far: 2.1, p50Ms: 30 };

function meetsBar(r: DetectorRun): boolean {
  const p = r.report;
  return p.detectionRate * 100 >= BAR.dr && p.falseAlarmRate * 100 <= BAR.far && p.responseP50Ms <= BAR.p50Ms;
}

interface DemoOptions {
  train: string;
  test: string;
  detectors: string[];
  decisionsOf: string;
  seed: string;
  json?: string;
  fpr?: number;
}

/** Detectors whose threshold rule is configurable (trees, SVM, ensemble; rules fits its own). */
const RULE_CONFIGURABLE = ['gbdt', 'random-forest', 'svm-linear', 'svm-rbf', 'ensemble'];

function fractionArg(v: string): number {
  const n = Number(v);
  if (!(n >= 0 && n < 1)) throw new InvalidArgumentError('must be a fraction in [0, 1), e.g. 0.01');
  return n;
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('train on the shipped lab capture, replay the other one through the whole pipeline (dry-run), print Table 1 and the decisions')
    .option('--train <dir>', 'lab run, or folder of lab runs, to train on', join(SAMPLES, 'lab-train'))
    .option('--test <dir>', 'lab run to replay (never used for training)', join(SAMPLES, 'lab-sample'))
    .option('--detectors <names>', `detectors (default ${FAST_DETECTORS.join(', ')})`, collectList)
    .option('--decisions-of <detector>', 'whose decisions to list', DEFAULT_DETECTOR)
    .option('--seed <n>', 'seed for the validation split and training', '0')
    .option('--json <file>', 'also write the figures as JSON')
    .option('--fpr <fraction>', "threshold = the lowest whose false-positive rate on the validation normals is at most this (default: each detector's own rule, max-accuracy)", fractionArg)
    .action(async (opts: DemoOptions) => {
      await demo(opts);
    });
}

async function demo(opts: DemoOptions): Promise<void> {
  const started = performance.now();
  const say = (line: string): void => {
    process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}\n`);
  };
  // Fails early, naming the folder, when either is not a lab run (the training side may be a folder of runs).
  await labRunDirs(opts.train);
  if ((await labRunDirs(opts.test)).length !== 1) throw new Error(`${opts.test}: --test must be one lab run, not a folder of runs`);
  const detectors = opts.detectors && opts.detectors.length > 0 ? opts.detectors : FAST_DETECTORS;
  say(`training ${detectors.join(', ')} on ${opts.train} (validation split from it for thresholds)`);
  const detectorConfig =
    opts.fpr === undefined ? undefined : Object.fromEntries(RULE_CONFIGURABLE.map((k) => [k, { threshold: { kind: 'fpr', fpr: opts.fpr } }]));
  const { models, table } = await trainOnLabRun(opts.train, { detectors, seed: Number(opts.seed), log: say, ...(detectorConfig ? { detectorConfig } : {}) });
  say(`trained on ${models.fitRows} flows, thresholds on ${models.validationRows} (of ${table.rows}); auth rule: ${models.authRule.failures} failed logins in ${models.authRule.windowSeconds} s`);

  const labels = await readLabels(join(opts.test, LABELS_FILE));
  const { agents, sources } = labRunSources(opts.test, labels);
  const runs: DetectorRun[] = [];
  for (const d of models.detectors) {
    const t = performance.now();
    const pipeline = createEmbeddedRun({ models, detector: d.name, agents });
    const read = await replayCaptures(pipeline, sources);
    const report = buildReport(pipeline.verdicts, pipeline.alerts, pipeline.decisions, labels.steps, labels.slackMicros);
    const replaySeconds = (performance.now() - t) / 1000;
    say(`${d.name}: replayed ${read.packets} packets, ${read.logEvents} log events, ${pipeline.verdicts.length} flows, ${pipeline.alerts.length} alerts, ${pipeline.decisions.length} decisions in ${replaySeconds.toFixed(1)} s`);
    runs.push({ detector: d.name, trainSeconds: d.trainSeconds, replaySeconds, report, decisions: pipeline.decisions });
  }

  const out = (s = ''): void => {
    process.stdout.write(`${s}\n`);
  };
  out(`vigil demo: trained on ${opts.train}, tested on ${opts.test} (${labels.scenario}, ${labels.startedAt})`);
  out(`agents: ${agents.map((a) => `${a.name} ${a.ownIp}`).join(', ')}; decisions in DRY-RUN (nothing enforced)`);
  out();
  out('Table 1 on the test capture, at the flow level against the lab labels (flagged by the detector or the auth-log rule):');
  out(renderTable1(runs));
  out();
  out('resp = flow end (last packet) to decision: wait in the flow table (capture time) + processing (wall time); proc = processing only.');
  out(`issue 4's bar (DR >= ${BAR.dr}%, FAR <= ${BAR.far}%, resp p50 <= ${BAR.p50Ms} ms): ` +
    runs.map((r) => `${r.detector} ${meetsBar(r) ? 'meets it' : 'misses it'}`).join(', '));
  // The default test capture shaped the lab detectors' design, so its figures are not a blind result.
  if (resolve(opts.test) === resolve(SAMPLES, 'lab-sample')) {
    out('(samples/lab-sample was looked at while the lab detectors were designed; samples/lab-heldout-3 was recorded after the current design was frozen: --test samples/lab-heldout-3)');
  }
  out();
  out('Per attack: flows detected, and time from the attack\'s first packet to its first alert / first decision (capture time):');
  out(renderAttackTimes(runs));
  const primary = runs.find((r) => r.detector === opts.decisionsOf) ?? runs[0];
  if (primary) {
    out();
    out(`Decisions ${primary.detector} would have taken (dry-run):`);
    out(renderDecisions(primary.decisions, labels));
    const clients = labels.hosts.filter((h) => h.role === 'client');
    for (const c of clients) {
      const hit = primary.decisions.filter((d) => d.target === c.ip);
      out(`benign client ${c.name} ${c.ip}: ${hit.length === 0 ? 'never blocked' : `TARGETED by ${hit.map((d) => d.id).join(', ')}`}`);
    }
  }
  if (opts.json) {
    await writeFile(opts.json, JSON.stringify({ train: opts.train, test: opts.test, runs }, null, 2) + '\n');
    say(`wrote ${opts.json}`);
  }
  say(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
