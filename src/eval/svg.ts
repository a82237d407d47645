/**
 * ROC curves and confusion matrices as small SVG documents. Written by hand on purpose: two plot
 * kinds of a few dozen elements each do not justify a charting dependency (and its headless
 * browser or canvas), and plain strings are easy to test for well-formedness.
 */
import type { ConfusionMatrix } from './metrics.js';

export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#7f7f7f',
];

function num(x: number): string {
  return Number.isFinite(x) ? (Math.round(x * 100) / 100).toString() : '0';
}

function svgDoc(width: number, height: number, body: string[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      'font-family="sans-serif" font-size="12">',
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

export interface RocSeries {
  label: string;
  /** [fpr, tpr] pairs. */
  points: readonly (readonly [number, number])[];
  auc: number;
  /** The detector's verdicts at its fitted threshold, [fpr, tpr], marked with a dot. */
  operatingPoint?: readonly [number, number];
}

/** One ROC plot with a line per series (a dot at its operating point), the chance diagonal, axes and a legend. */
export function rocSvg(title: string, series: readonly RocSeries[]): string {
  const size = 360;
  const left = 56;
  const top = 36;
  const legendWidth = 220;
  const width = left + size + 24 + legendWidth;
  const height = top + size + 52;
  const x = (fpr: number): number => left + fpr * size;
  const y = (tpr: number): number => top + (1 - tpr) * size;
  const body: string[] = [
    `<text x="${left}" y="20" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    `<rect x="${left}" y="${top}" width="${size}" height="${size}" fill="none" stroke="#333333"/>`,
    `<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#999999" stroke-dasharray="4 4"/>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const v = i / 5;
    body.push(
      `<line x1="${num(x(v))}" y1="${y(0)}" x2="${num(x(v))}" y2="${y(0) + 5}" stroke="#333333"/>`,
      `<text x="${num(x(v))}" y="${y(0) + 18}" text-anchor="middle">${v.toFixed(1)}</text>`,
      `<line x1="${x(0) - 5}" y1="${num(y(v))}" x2="${x(0)}" y2="${num(y(v))}" stroke="#333333"/>`,
      `<text x="${x(0) - 8}" y="${num(y(v) + 4)}" text-anchor="end">${v.toFixed(1)}</text>`,
    );
  }
  body.push(
    `<text x="${left + size / 2}" y="${top + size + 40}" text-anchor="middle">false alarm rate (FPR on normals)</text>`,
    `<text x="16" y="${top + size / 2}" text-anchor="middle" transform="rotate(-90 16 ${top + size / 2})">` +
      'detection rate (TPR on attacks)</text>',
  );
  series.forEach((s, i) => {
    const colour = PALETTE[i % PALETTE.length]!;
    const pts = s.points.map(([f, t]) => `${num(x(f))},${num(y(t))}`).join(' ');
    body.push(`<polyline points="${pts}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    const op = s.operatingPoint;
    if (op && Number.isFinite(op[0]) && Number.isFinite(op[1])) {
      body.push(
        `<circle cx="${num(x(op[0]))}" cy="${num(y(op[1]))}" r="4" fill="${colour}" stroke="#000000"/>`,
      );
    }
    const ly = top + 14 + i * 20;
    const lx = left + size + 24;
    const auc = Number.isFinite(s.auc) ? s.auc.toFixed(3) : 'n/a';
    body.push(
      `<line x1="${lx}" y1="${ly - 4}" x2="${lx + 20}" y2="${ly - 4}" stroke="${colour}" stroke-width="3"/>`,
      `<text x="${lx + 26}" y="${ly}">${escapeXml(s.label)} (AUC ${auc})</text>`,
    );
  });
  return svgDoc(width, height, body);
}

/** A 2x2 confusion matrix: rows are the truth, columns the verdict; shade follows the row share. */
export function confusionSvg(title: string, m: ConfusionMatrix): string {
  const cell = 110;
  const left = 110;
  const top = 70;
  const width = left + 2 * cell + 20;
  const height = top + 2 * cell + 20;
  const cells: { row: number; col: number; count: number; rowTotal: number; correct: boolean }[] = [
    { row: 0, col: 0, count: m.tn, rowTotal: m.tn + m.fp, correct: true },
    { row: 0, col: 1, count: m.fp, rowTotal: m.tn + m.fp, correct: false },
    { row: 1, col: 0, count: m.fn, rowTotal: m.fn + m.tp, correct: false },
    { row: 1, col: 1, count: m.tp, rowTotal: m.fn + m.tp, correct: true },
  ];
  const body: string[] = [
    `<text x="10" y="20" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${left + cell}" y="${top - 30}" text-anchor="middle">verdict</text>`,
    `<text x="${left + cell / 2}" y="${top - 10}" text-anchor="middle">normal</text>`,
    `<text x="${left + (3 * cell) / 2}" y="${top - 10}" text-anchor="middle">attack</text>`,
    `<text x="${left - 10}" y="${top + cell / 2 + 4}" text-anchor="end">normal</text>`,
    `<text x="${left - 10}" y="${top + (3 * cell) / 2 + 4}" text-anchor="end">attack</text>`,
    `<text x="20" y="${top + cell}" text-anchor="middle" transform="rotate(-90 20 ${top + cell})">truth</text>`,
  ];
  for (const c of cells) {
    const share = c.rowTotal > 0 ? c.count / c.rowTotal : 0;
    const hue = c.correct ? '44,160,44' : '214,39,40';
    const cx = left + c.col * cell;
    const cy = top + c.row * cell;
    body.push(
      `<rect x="${cx}" y="${cy}" width="${cell}" height="${cell}" fill="rgb(${hue})" fill-opacity="${num(0.1 + 0.8 * share)}" stroke="#333333"/>`,
      `<text x="${cx + cell / 2}" y="${cy + cell / 2}" text-anchor="middle" font-size="16">${c.count}</text>`,
      `<text x="${cx + cell / 2}" y="${cy + cell / 2 + 20}" text-anchor="middle">${(100 * share).toFixed(1)}%</text>`,
    );
  }
  return svgDoc(width, height, body);
}
