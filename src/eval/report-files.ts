/**
 * File adapter for eval output: the JSON record and the markdown report with its SVG plots.
 * The only file in eval/ that writes files.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { confusionFileName, renderMarkdown, rocFileName } from './markdown.js';
import type { EvalReport } from './result.js';
import { confusionSvg, rocSvg } from './svg.js';

/** JSON.stringify turns NaN into null, which is what an undefined rate should read as. */
export function reportJson(report: EvalReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

export async function writeReportJson(file: string, report: EvalReport): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, reportJson(report));
}

/** Writes DIR/report.md, DIR/report.json, one ROC plot per test set and one confusion matrix per detector and test set. */
export async function writeReportDir(dir: string, report: EvalReport): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: [string, string][] = [
    ['report.md', renderMarkdown(report)],
    ['report.json', reportJson(report)],
  ];
  for (const ts of report.testSets) {
    const series = report.detectors.flatMap((d) => {
      const r = d.results.find((x) => x.testSet === ts.name);
      if (!r) return [];
      const operatingPoint: [number, number] = [r.metrics.falseAlarmRate, r.metrics.detectionRate];
      return [{ label: d.detector, points: r.roc, auc: r.metrics.rocAuc, operatingPoint }];
    });
    files.push([rocFileName(ts.name), rocSvg(`ROC: ${report.dataset} ${ts.name}`, series)]);
    for (const d of report.detectors) {
      const r = d.results.find((x) => x.testSet === ts.name);
      if (r)
        files.push([
          confusionFileName(d.detector, ts.name),
          confusionSvg(`${d.detector} on ${ts.name}`, r.confusion),
        ]);
    }
  }
  for (const [name, text] of files) await writeFile(join(dir, name), text);
  return files.map(([name]) => join(dir, name));
}
