import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.js';
import { reportJson } from './report-files.js';
import { sampleReport } from './sample-report.case.js';
import { renderReportText, resultTables } from './table.js';

describe('result table', () => {
  it('has one row per detector and the Table 1 columns, per-category DR included', () => {
    const [t] = resultTables(sampleReport());
    expect(t!.header).toEqual([
      'detector',
      'accuracy',
      'DR',
      'FAR',
      'precision',
      'F1',
      'ROC-AUC',
      'DR dos',
      'DR probe',
      'DR r2l',
      'train',
      'flows/s',
      'p50',
      'p99',
    ]);
    expect(t!.rows.map((r) => r[0])).toEqual(['good', 'tied']);
    // 'good' at 0.5: attacks 0.9 0.8 0.7 0.95 all caught, no normal above 0.5
    expect(t!.rows[0]!.slice(1, 7)).toEqual(['100.0%', '100.0%', '0.0%', '100.0%', '1.000', '1.000']);
    expect(t!.rows[0]!.slice(-4)).toEqual(['1.3s', '1.23M', '12.3us', '1.50ms']);
  });

  it('states the threshold rule and the splits under the tables', () => {
    const text = renderReportText(sampleReport());
    expect(text).toContain('threshold: fitted per detector on the validation split');
    expect(text).toContain('good: max-accuracy on validation split');
    expect(text).toContain('split: validation: 10% of train, stratified by category, seed 3');
  });

  it('renders markdown with escaped pipes and links to the plots', () => {
    const md = renderMarkdown(sampleReport());
    expect(md).toContain('| detector | accuracy |');
    expect(md).toContain('](roc-test-plus.svg)');
    expect(md).toContain('](confusion-good-test-plus.svg)');
  });

  it('writes undefined rates as null in JSON', () => {
    const r = sampleReport();
    r.detectors[0]!.results[0]!.metrics.rocAuc = NaN;
    const back = JSON.parse(reportJson(r)) as {
      detectors: { results: { metrics: { rocAuc: unknown } }[] }[];
    };
    expect(back.detectors[0]!.results[0]!.metrics.rocAuc).toBeNull();
  });
});
