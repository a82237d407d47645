/** The eval report as markdown, with links to the SVG plots that report-files.ts names. */
import { methodNotes, resultTables, type Table } from './table.js';
import type { EvalReport } from './result.js';

/** A file-name-safe form of a detector or test-set name ('KDDTest+' -> 'kddtest-plus'). */
export function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/\+/g, '-plus')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function rocFileName(testSet: string): string {
  return `roc-${slug(testSet)}.svg`;
}

export function confusionFileName(detector: string, testSet: string): string {
  return `confusion-${slug(detector)}-${slug(testSet)}.svg`;
}

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

export function markdownTable(t: Table): string {
  const line = (cells: string[]): string => `| ${cells.map(mdCell).join(' | ')} |`;
  const align = t.header.map((_, i) => (i === 0 ? '---' : '---:'));
  return [line(t.header), line(align), ...t.rows.map(line)].join('\n');
}

export function renderMarkdown(report: EvalReport): string {
  const out: string[] = [
    `# vigil eval: ${report.dataset}`,
    '',
    `Run started ${report.startedAt}, seed ${report.seed}.`,
    '',
  ];
  const tables = resultTables(report);
  report.testSets.forEach((ts, i) => {
    out.push(`## ${ts.name}`, '', mdCell(tables[i]!.title), '', markdownTable(tables[i]!), '');
    out.push(`![ROC curves on ${ts.name}](${rocFileName(ts.name)})`, '');
    out.push('Confusion matrices (rows: truth, columns: verdict):', '');
    for (const d of report.detectors) {
      out.push(`![${d.detector} on ${ts.name}](${confusionFileName(d.detector, ts.name)})`);
    }
    out.push('');
  });
  out.push(
    '## Method',
    '',
    ...methodNotes(report).map((n) => (n.startsWith('  ') ? `  - ${n.trim()}` : `- ${n}`)),
    '',
  );
  return out.join('\n');
}
