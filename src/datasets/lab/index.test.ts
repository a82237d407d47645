import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataset } from '../index.js';
import { labRunDirs, readLabRun } from './index.js';
import { countBy } from '../count-by.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SAMPLE = join(ROOT, 'samples', 'lab-sample');
const TRAIN = join(ROOT, 'samples', 'lab-train');
const inGit = existsSync(join(ROOT, '.git')) && spawnSync('git', ['--version']).status === 0;

describe('lab runs as a dataset', () => {
  it('reads the shipped sample into the edge kdd41 rows labelled by the lab rule', async () => {
    const t = await readDataset('lab', SAMPLE);
    // The counts samples/README.md gives for the lab's own flow export.
    expect(t.rows).toBe(8796);
    expect(countBy(t.category)).toEqual({ normal: 438, scan: 2048, flood: 6000, 'slow-dos': 305, 'brute-force': 5 });
    expect(t.label.reduce((n, x) => n + x, 0)).toBe(8358);
    expect(t.schema.columns).toHaveLength(41);
    expect(t.schema.name).toBe('lab-edge');
    expect(t.schema.columns[40]!.name).toBe('dst_host_srv_rerror_rate');
    const service = t.columns[t.schema.columns.findIndex((c) => c.name === 'service')] as string[];
    const ssh = t.category.map((c, i) => (c === 'brute-force' ? service[i] : undefined)).filter((s) => s !== undefined);
    expect(new Set(ssh)).toEqual(new Set(['ssh']));
    // The auth log feeds num_failed_logins: hydra's connections carry failures.
    const failed = t.columns[t.schema.columns.findIndex((c) => c.name === 'num_failed_logins')] as Float64Array;
    const bruteFailures = t.category.reduce((n, c, i) => n + (c === 'brute-force' ? failed[i]! : 0), 0);
    expect(bruteFailures).toBeGreaterThanOrEqual(20);
    expect(t.warnings ?? []).toEqual([]);
  });

  it('names the directory when it is not a lab run', async () => {
    await expect(readDataset('lab', join(SAMPLE, 'nope'))).rejects.toThrow(/nope/);
  });

  it('reads a folder of runs as one table: samples/lab-train is run1 then run2', async () => {
    expect(await labRunDirs(TRAIN)).toEqual([join(TRAIN, 'run1'), join(TRAIN, 'run2')]);
    const [all, run1, run2] = await Promise.all([readLabRun(TRAIN), readLabRun(join(TRAIN, 'run1')), readLabRun(join(TRAIN, 'run2'))]);
    expect(all.rows).toBe(run1.rows + run2.rows);
    // The counts samples/README.md gives for each run.
    expect(countBy(run1.category)).toEqual({ normal: 496, scan: 2002, flood: 4500, 'slow-dos': 254, 'brute-force': 8 });
    expect(countBy(run2.category)).toEqual({ normal: 814, scan: 2102, flood: 4500, 'slow-dos': 619, 'brute-force': 8 });
    expect(all.category.slice(run1.rows, run1.rows + 5)).toEqual(run2.category.slice(0, 5));
  });

  // The held-out capture: recorded after the lab detectors' design was frozen (samples/README.md).
  it('reads the held-out captures with the counts samples/README.md gives', async () => {
    const t = await readLabRun(join(ROOT, 'samples', 'lab-heldout'));
    expect(countBy(t.category)).toEqual({ normal: 440, scan: 2048, flood: 5300, 'slow-dos': 305, 'brute-force': 4 });
    expect(t.warnings ?? []).toEqual([]);
    const t2 = await readLabRun(join(ROOT, 'samples', 'lab-heldout-2'));
    expect(countBy(t2.category)).toEqual({ normal: 394, scan: 600, flood: 2900, 'slow-dos': 294, 'brute-force': 5 });
    expect(t2.warnings ?? []).toEqual([]);
    const t3 = await readLabRun(join(ROOT, 'samples', 'lab-heldout-3'));
    expect(countBy(t3.category)).toEqual({ normal: 434, scan: 700, flood: 2600, 'slow-dos': 305, 'brute-force': 4 });
    expect(t3.warnings ?? []).toEqual([]);
  });

  // A fresh clone must hold every file the shipped runs' labels name (*.log is git-ignored).
  it.skipIf(!inGit)('every capture and auth log the shipped runs name is tracked by git', () => {
    const tracked = new Set(spawnSync('git', ['ls-files', 'samples'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\n'));
    for (const run of ['lab-sample', 'lab-train/run1', 'lab-train/run2', 'lab-heldout', 'lab-heldout-2', 'lab-heldout-3']) {
      const labels = JSON.parse(readFileSync(join(ROOT, 'samples', run, 'labels.json'), 'utf8')) as {
        captures: { file: string }[];
        authLogs: { file: string }[];
      };
      for (const f of [...labels.captures, ...labels.authLogs].map((x) => `samples/${run}/${x.file}`)) {
        expect(tracked.has(f), `${f} is not in git`).toBe(true);
      }
    }
  });
});
