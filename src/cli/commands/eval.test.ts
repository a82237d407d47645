/** `vigil eval` as a user runs it (through the CLI entry, in a child process): errors a user can act on. */
import { spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDatasetsDir } from '../../datasets/index.js';
import { collectList } from './eval.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
// The same wiring as bin/vigil.js runs in a clone: the TypeScript sources under tsx.
const entry =
  "import('./src/cli/main.ts').then((m) => m.main(['node', 'vigil', ...process.argv.slice(1)]))" +
  ".catch((e) => { process.stderr.write('vigil: ' + e.message + '\\n'); process.exitCode = 1; })";

function vigil(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', entry, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('vigil eval errors', () => {
  it('names a missing training file', () => {
    const r = vigil('eval', '--train', '/nonexistent/KDDTrain+.txt', '--test', '/nonexistent/KDDTest+.txt');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'vigil: no such file: /nonexistent/KDDTrain+.txt (also tried /nonexistent/KDDTrain+.txt.gz)',
    );
    expect(r.stdout).toBe('');
  });

  it('names an unknown detector and lists the known ones', () => {
    const r = vigil(
      'eval',
      '--detectors',
      'rules,nope',
      '--train',
      '/nonexistent/a',
      '--test',
      '/nonexistent/b',
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/vigil: unknown detector 'nope'; known: .*rules/);
  });

  it('rejects a split that is not a fraction', () => {
    const r = vigil('eval', '--dataset', 'unsw-nb15', '--split', '30');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("option '--split <fraction>' argument '30' is invalid");
  });
});

const shared = sharedDatasetsDir();

describe.skipIf(!shared)('vigil eval on a slice of real UNSW-NB15', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-eval-cli-'));
    const rl = createInterface({
      input: createReadStream(join(shared!, 'unsw-nb15', 'UNSW_NB15_training-set.csv.gz')).pipe(
        createGunzip(),
      ),
    });
    const lines: string[] = [];
    for await (const line of rl) if (lines.push(line) >= 1500) break;
    rl.close();
    await writeFile(join(dir, 'unsw.csv'), lines.join('\n') + '\n');
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reports a named detector that cannot run on the dataset and exits 1', () => {
    const r = vigil(
      'eval',
      '--dataset',
      'unsw-nb15',
      '--train',
      join(dir, 'unsw.csv'),
      '--split',
      '0.3',
      '--detectors',
      'rules',
      '--detector-config',
      '{"rules":{"templates":[{"name":"x","category":"dos","column":"no_such_column","direction":"high"}]}}',
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('rules (failed)');
    expect(r.stdout).toMatch(/split: test: \d+ rows \(30%\) held out/);
    expect(r.stderr).toContain('rules: FAILED');
    expect(r.stderr).toContain('none of the rule columns');
  });
});

describe('--detector-config', () => {
  it('takes a JSON object of objects and names what is wrong otherwise', async () => {
    const { detectorConfigArg } = await import('./eval.js');
    expect(detectorConfigArg('{"gbdt":{"rounds":5}}')).toEqual({ gbdt: { rounds: 5 } });
    expect(() => detectorConfigArg('{gbdt')).toThrow(/not JSON/);
    expect(() => detectorConfigArg('[1]')).toThrow(/keyed by detector/);
    expect(() => detectorConfigArg('{"gbdt":3}')).toThrow(/'gbdt' must be a JSON object/);
  });
});

describe('--test and --detectors lists', () => {
  it('accept repeats and comma lists', () => {
    expect(collectList('b, c', collectList('a'))).toEqual(['a', 'b', 'c']);
    expect(collectList('x,,', [])).toEqual(['x']);
  });
});
