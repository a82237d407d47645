/** `vigil run --pcap` as a user runs it: a child process through the CLI entry, bounded in time. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const entry =
  "import('./src/cli/main.ts').then((m) => m.main(['node', 'vigil', ...process.argv.slice(1)]))" +
  ".catch((e) => { process.stderr.write('vigil: ' + e.message + '\\n'); process.exitCode = 1; })";

function vigil(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', entry, ...args], { cwd: root, encoding: 'utf8', timeout: 90_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'vigil-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PCAP = ['--pcap', 'samples/lab-sample/vic2.pcap.gz', '--auth-log', 'samples/lab-sample/vic2-auth.log', '--own-ip', '10.77.0.12'];

describe('vigil run --pcap', () => {
  it('streams a capture through the pipeline and prints dry-run decisions, none against a client', () => {
    const store = join(dir, 'decisions.db');
    const config = join(dir, 'response.yaml');
    writeFileSync(
      config,
      [
        'profiles:',
        '  - { name: brute, match: { categories: [brute-force] }, action: block, ttl: 1h }',
        '  - { name: flood, match: { categories: [flood, slow-dos] }, threshold: { count: 10, window: 10s }, action: block, ttl: 1h }',
        `store: { path: ${store} }`,
        '',
      ].join('\n'),
    );
    const r = vigil('run', ...PCAP, '--config', config);
    expect(r.stderr).not.toMatch(/^vigil: /m);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('24859 frames, 46 log events');
    expect(r.stdout).toMatch(/^decision D\d+: block 10\.77\.0\.67 .*\(dry-run\): profile brute/m);
    expect(r.stdout).toMatch(/^action D\d+: dry-run by dry-run/m);
    expect(r.stdout).not.toMatch(/block 10\.77\.0\.10[12]/);
    expect(existsSync(store)).toBe(true);
  }, 100_000);

  it('refuses a config with a firewall unless told to enforce, and needs one input', () => {
    const config = join(dir, 'enforce.yaml');
    writeFileSync(config, `firewall: { backend: nftables }\nstore: { path: ${join(dir, 'x.db')} }\n`);
    const r = vigil('run', ...PCAP, '--config', config);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('configures the nftables firewall; add --enforce');
    const none = vigil('run');
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('give exactly one of --pcap FILE or --interface IF');
  }, 100_000);
});
