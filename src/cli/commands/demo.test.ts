/** `vigil demo` as a user runs it: a child process through the CLI entry, bounded in time. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const entry =
  "import('./src/cli/main.ts').then((m) => m.main(['node', 'vigil', ...process.argv.slice(1)]))" +
  ".catch((e) => { process.stderr.write('vigil: ' + e.message + '\\n'); process.exitCode = 1; })";

function vigil(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', entry, ...args], { cwd: root, encoding: 'utf8', timeout: 90_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('vigil demo', () => {
  it('trains, replays the sample and prints Table 1 and the dry-run decisions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-demo-'));
    try {
      const json = join(dir, 'demo.json');
      const r = vigil('demo', '--detectors', 'random-forest,rules', '--json', json);
      expect(r.stderr).not.toMatch(/^vigil: /m);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Table 1 on the test capture');
      expect(r.stdout).toMatch(/^random-forest\s+\d+\.\d%\s+\d+\.\d%/m);
      expect(r.stdout).toMatch(/^rules\s+\d+\.\d%/m);
      expect(r.stdout).toContain('Decisions random-forest would have taken (dry-run)');
      expect(r.stdout).toMatch(/block\s+10\.77\.0\.66\s+atk1 \(attacker\)/);
      expect(r.stdout).toContain('benign client cli1 10.77.0.101: never blocked');
      expect(r.stdout).toContain('benign client cli2 10.77.0.102: never blocked');
      // The printed figures are the ones computed (the JSON holds the same run).
      const out = JSON.parse(readFileSync(json, 'utf8')) as { runs: { detector: string; report: { detectionRate: number } }[] };
      const rf = out.runs.find((x) => x.detector === 'random-forest')!;
      expect(r.stdout).toContain(`${(rf.report.detectionRate * 100).toFixed(1)}%`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 100_000);

  it('refuses a directory that is not a lab run', () => {
    const r = vigil('demo', '--train', '/nonexistent-run');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('/nonexistent-run: not a lab run');
  });
});
