import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReportDir } from './report-files.js';
import { sampleReport } from './sample-report.case.js';
import { confusionSvg, escapeXml, rocSvg } from './svg.js';

const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;

/** Tag balance and quoting: a small check that runs even where xmllint is absent. */
function assertBalanced(svg: string): void {
  const stack: string[] = [];
  const tag =
    /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<&]*(?:&(?:amp|lt|gt|quot|apos);[^"<&]*)*")*)\s*(\/?)>/g;
  const body = svg.replace(/^<\?xml[^>]*\?>\s*/, '');
  let last = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const between = body.slice(last, m.index);
    expect(between, `text before <${m[2]}> holds a raw < or bare &`).not.toMatch(
      /<|&(?!(?:amp|lt|gt|quot|apos);)/,
    );
    last = tag.lastIndex;
    if (m[1]) expect(stack.pop()).toBe(m[2]);
    else if (!m[4]) stack.push(m[2]!);
  }
  expect(body.slice(last).trim()).toBe('');
  expect(stack).toEqual([]);
}

function xmllint(file: string): void {
  execFileSync('xmllint', ['--noout', file], { stdio: 'pipe' });
}

describe('SVG writer', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-svg-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('escapes markup in text', () => {
    expect(escapeXml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });

  it('writes a well-formed ROC plot with one line per series', async () => {
    const svg = rocSvg('ROC <&> test', [
      {
        label: 'a&b',
        points: [
          [0, 0],
          [0.2, 0.7],
          [1, 1],
        ],
        auc: 0.8,
        operatingPoint: [0.2, 0.7],
      },
      {
        label: 'one-class',
        points: [
          [0, 0],
          [1, 1],
        ],
        auc: NaN,
      },
    ]);
    assertBalanced(svg);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(1);
    expect(svg).toContain('a&amp;b (AUC 0.800)');
    expect(svg).toContain('(AUC n/a)');
    expect(svg).not.toContain('NaN');
    if (hasXmllint) {
      const f = join(dir, 'roc.svg');
      await writeFile(f, svg);
      xmllint(f);
    }
  });

  it('writes a well-formed confusion matrix holding the four counts', () => {
    const svg = confusionSvg('m', { tp: 11, fp: 3, tn: 40, fn: 0 });
    assertBalanced(svg);
    for (const n of ['11', '3', '40', '0']) expect(svg).toContain(`>${n}</text>`);
    expect(svg).not.toContain('NaN');
  });

  it.skipIf(!hasXmllint)('report directory: every SVG passes xmllint (libxml2-utils)', async () => {
    const files = await writeReportDir(join(dir, 'report'), sampleReport());
    const svgs = files.filter((f) => f.endsWith('.svg'));
    expect(svgs).toHaveLength(1 + 2); // one ROC, two confusion matrices
    for (const f of svgs) {
      xmllint(f);
      assertBalanced(await readFile(f, 'utf8'));
    }
    expect((await readdir(join(dir, 'report'))).sort()).toContain('report.md');
  });
});
