/**
 * The seed paper's Table 1 as cells: one row per detector, one table per test set. Rendered as
 * aligned text for the terminal (renderText) or as markdown (markdown.ts).
 */
import { fixed, micros, pct, rate, seconds } from './format.js';
import type { EvalReport } from './result.js';

export interface Table {
  title: string;
  header: string[];
  rows: string[][];
}

/** Attack categories present in a test set, in a stable order, across all detectors. */
function categoriesOf(report: EvalReport, testSet: string): string[] {
  const cats = new Set<string>();
  for (const d of report.detectors) {
    for (const r of d.results) if (r.testSet === testSet) for (const c of r.perCategory) cats.add(c.category);
  }
  return [...cats].sort();
}

export function resultTables(report: EvalReport): Table[] {
  return report.testSets.map((ts) => {
    const cats = categoriesOf(report, ts.name);
    const header = [
      'detector',
      'accuracy',
      'DR',
      'FAR',
      'precision',
      'F1',
      'ROC-AUC',
      ...cats.map((c) => `DR ${c}`),
      'train',
      'flows/s',
      'p50',
      'p99',
    ];
    const rows = report.detectors.map((d) => {
      const r = d.results.find((x) => x.testSet === ts.name);
      const m = r?.metrics;
      return [
        d.error ? `${d.detector} (failed)` : d.detector,
        pct(m?.accuracy ?? NaN),
        pct(m?.detectionRate ?? NaN),
        pct(m?.falseAlarmRate ?? NaN),
        pct(m?.precision ?? NaN),
        fixed(m?.f1 ?? NaN, 3),
        fixed(m?.rocAuc ?? NaN, 3),
        ...cats.map((c) => pct(r?.perCategory.find((x) => x.category === c)?.rate ?? NaN)),
        seconds(d.trainSeconds),
        rate(d.timing.flowsPerSecond),
        micros(d.timing.latencyP50Us),
        micros(d.timing.latencyP99Us),
      ];
    });
    const attackShare = ts.rows > 0 ? ts.attackRows / ts.rows : NaN;
    return {
      title: `${report.dataset} - ${ts.name}: ${ts.rows} rows, ${pct(attackShare)} attacks (${ts.source})`,
      header,
      rows,
    };
  });
}

/** Lines stating how verdicts and splits were made, printed under the tables. */
export function methodNotes(report: EvalReport): string[] {
  const notes = [
    `train: ${report.train.source} (${report.train.rows} rows; models fitted on ${report.train.fitRows}, ` +
      `validation ${report.train.validationRows})`,
    ...report.splits.map((s) => `split: ${s}`),
    `features: ${report.features.id}, ${report.features.columns} columns; preprocessor fitted on the fit part of train only`,
    'threshold: fitted per detector on the validation split (from train only), never on test:',
    ...report.detectors.map((d) =>
      d.error
        ? `  ${d.detector}: FAILED: ${d.error}`
        : `  ${d.detector}: ${d.thresholdRule} (threshold ${d.threshold.toPrecision(4)})`,
    ),
    'columns: DR = detection rate (recall on attacks), FAR = false alarm rate (FPR on normals), ' +
      'train = training seconds, flows/s = batched scoring, p50/p99 = single-flow scoring latency',
    ...(report.epochs !== undefined
      ? [`epochs: --epochs ${report.epochs} for detectors that train by epochs`]
      : []),
    ...(report.jobs && report.jobs > 1
      ? [
          `parallel: ${report.jobs} detectors trained at a time, one per process; scoring speed was timed while ` +
            'another detector may have been training (bench:detect times them one at a time)',
        ]
      : []),
    `seed ${report.seed}; run took ${seconds(report.seconds)}`,
  ];
  return notes;
}

function widths(t: Table): number[] {
  return t.header.map((h, i) => Math.max(h.length, ...t.rows.map((r) => (r[i] ?? '').length)));
}

export function renderText(t: Table): string {
  const w = widths(t);
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!)))
      .join('  ')
      .trimEnd();
  const rule = w.map((n) => '-'.repeat(n)).join('  ');
  return [t.title, line(t.header), rule, ...t.rows.map(line)].join('\n');
}

export function renderReportText(report: EvalReport): string {
  return resultTables(report).map(renderText).join('\n\n') + '\n\n' + methodNotes(report).join('\n');
}
