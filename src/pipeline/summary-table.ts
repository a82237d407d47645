/** Plain-text rendering of the demo's results: Table 1 per detector, per-attack times, decisions. */
import type { RunLabels } from '../lab/labels.js';
import type { Decision } from '../records/index.js';
import type { ReplayReport } from './report.js';

export interface DetectorRun {
  detector: string;
  trainSeconds: number;
  replaySeconds: number;
  report: ReplayReport;
  decisions: Decision[];
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function ms(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(1)} ms` : 'n/a';
}

function secs(x: number | undefined): string {
  return x === undefined ? 'none' : `${x.toFixed(2)} s`;
}

export function renderTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function renderTable1(runs: readonly DetectorRun[]): string {
  return renderTable(
    ['detector', 'DR', 'FAR', 'TP', 'FN', 'FP', 'TN', 'resp p50', 'resp p99', 'proc p50', 'decisions', 'benign blocked'],
    runs.map((r) => {
      const c = r.report.confusion;
      return [
        r.detector,
        pct(r.report.detectionRate),
        pct(r.report.falseAlarmRate),
        String(c.tp),
        String(c.fn),
        String(c.fp),
        String(c.tn),
        ms(r.report.responseP50Ms),
        ms(r.report.responseP99Ms),
        ms(r.report.processingP50Ms),
        String(r.decisions.length),
        r.report.benignTargeted.length === 0 ? 'none' : [...new Set(r.report.benignTargeted.map((d) => d.target))].join(' '),
      ];
    }),
  );
}

export function renderAttackTimes(runs: readonly DetectorRun[]): string {
  const steps = runs[0]?.report.steps ?? [];
  return renderTable(
    ['detector', ...steps.map((s) => `${s.stepId} (${s.category})`)],
    runs.map((r) => [
      r.detector,
      ...r.report.steps.map((s) => {
        const d = s.toDecisionSeconds !== undefined ? secs(s.toDecisionSeconds) : s.blockedBefore ? 'already blocked' : 'none';
        return `${s.detectedFlows}/${s.flows} flows, alert ${secs(s.toAlertSeconds)}, decision ${d}`;
      }),
    ]),
  );
}

export function renderDecisions(decisions: readonly Decision[], labels: RunLabels): string {
  const role = new Map(labels.hosts.map((h) => [h.ip, `${h.name} (${h.role})`]));
  const t0 = labels.startMicros;
  return renderTable(
    ['at', 'action', 'target', 'who', 'TTL', 'dry-run', 'reason'],
    decisions.map((d) => [
      `+${((d.createdMicros - t0) / 1e6).toFixed(2)} s`,
      d.action,
      d.target,
      role.get(d.target) ?? '?',
      `${d.ttlSeconds} s`,
      d.dryRun ? 'yes' : 'NO',
      d.reason.replace(/; alerts .*$/, ''),
    ]),
  );
}
