/** `vigil lab` as a user runs it (the CLI entry in a child process): root is required, and said so. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const entry =
  "import('./src/cli/main.ts').then((m) => m.main(['node', 'vigil', ...process.argv.slice(1)]))" +
  ".catch((e) => { process.stderr.write('vigil: ' + e.message + '\\n'); process.exitCode = 1; })";

const isRoot = process.getuid?.() === 0;
const canDrop = isRoot && spawnSync('setpriv', ['--version']).status === 0;

/** Runs vigil as a non-root user: directly when we are not root, else dropped to nobody with setpriv. */
function vigilAsUser(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const node = [process.execPath, '--import', 'tsx', '-e', entry, ...args];
  const argv = isRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', 'env', 'HOME=/tmp', ...node] : node;
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(isRoot && !canDrop)('vigil lab without root', () => {
  it.each(['up', 'down', 'status'])('`vigil lab %s` says it needs root', (cmd) => {
    const r = vigilAsUser('lab', cmd);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`vigil: vigil lab ${cmd} needs root (network namespaces, daemons, a test user): run it with sudo\n`);
  });

  it('`vigil lab run` says it needs root before reading anything', () => {
    const r = vigilAsUser('lab', 'run', 'short');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('vigil lab run needs root');
  });

  it('`vigil lab validate` works without root and names the bad field', () => {
    const ok = vigilAsUser('lab', 'validate', 'short');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/short\.yaml: ok, 5 steps, at most \d+ s/);
    const bad = vigilAsUser('lab', 'validate', 'src/lab/testdata/scenarios/bad-params.yaml');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('steps.0.params.count:');
  });
});
