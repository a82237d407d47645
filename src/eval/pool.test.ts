/**
 * The worker pool gives the same results as one process: each worker prepares the data from the
 * plan itself, so this checks that preparation is deterministic across processes. Uses slices of
 * real NSL-KDD written to a temporary folder (removed afterwards); skips without the shared datasets.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDatasetsDir } from '../datasets/index.js';
import { runPlan, type EvalPlan } from './plan.js';
import type { EvalProgress } from './run.js';

const shared = sharedDatasetsDir();
if (!shared)
  console.warn('shared datasets folder (../shared/datasets) is absent; skipping the eval pool test');

async function headLines(gz: string, n: number): Promise<string> {
  const lines: string[] = [];
  const rl = createInterface({ input: createReadStream(gz).pipe(createGunzip()) });
  for await (const line of rl) {
    lines.push(line);
    if (lines.length >= n) break;
  }
  rl.close();
  return lines.join('\n') + '\n';
}

describe.skipIf(!shared)('runPlan with a worker pool', () => {
  let dir: string;
  let plan: EvalPlan;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-eval-pool-'));
    const nsl = join(shared!, 'nsl-kdd');
    await writeFile(join(dir, 'train.txt'), await headLines(join(nsl, 'KDDTrain+.txt.gz'), 3000));
    await writeFile(join(dir, 'test.txt'), await headLines(join(nsl, 'KDDTest+.txt.gz'), 1000));
    plan = {
      dataset: 'nsl-kdd',
      files: { train: join(dir, 'train.txt'), tests: [join(dir, 'test.txt')] },
      detectors: ['random-forest', 'rules'],
      seed: 5,
      detectorConfig: { 'random-forest': { trees: 4 } },
      timing: { minSeconds: 0, latencyCalls: 10 },
    };
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('matches the single-process run detector for detector, in the order asked', async () => {
    const events: EvalProgress[] = [];
    const pooled = await runPlan(plan, { jobs: 2, onProgress: (e) => events.push(e) });
    const single = await runPlan(plan, { jobs: 1 });
    expect(pooled.jobs).toBe(2);
    expect(pooled.detectors.map((d) => d.detector)).toEqual(['random-forest', 'rules']);
    expect(pooled.features).toEqual(single.features);
    expect(pooled.train).toEqual(single.train);
    expect(pooled.splits).toEqual(single.splits);
    for (const [i, d] of pooled.detectors.entries()) {
      expect(d.error).toBeUndefined();
      expect(d.results).toEqual(single.detectors[i]!.results);
      expect(d.threshold).toBe(single.detectors[i]!.threshold);
    }
    // progress crossed the process boundary: tree steps and one completion per detector
    expect(events.some((e) => e.kind === 'train' && e.progress.detector === 'random-forest')).toBe(true);
    expect(events.filter((e) => e.kind === 'detector-done')).toHaveLength(2);
  });

  it('fails cleanly when the workers cannot prepare the data', async () => {
    const bad: EvalPlan = { ...plan, files: { train: join(dir, 'missing.txt'), tests: [] } };
    await expect(runPlan(bad, { jobs: 2 })).rejects.toThrow(/missing\.txt/);
  });
});
