/** `vigil flows` as a user runs it (through the CLI entry, in a child process). */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const PCAPS = fileURLToPath(new URL('../../../../shared/datasets/pcaps/', import.meta.url));
const entry =
  "import('./src/cli/main.ts').then((m) => m.main(['node', 'vigil', ...process.argv.slice(1)]))" +
  ".catch((e) => { process.stderr.write('vigil: ' + e.message + '\\n'); process.exitCode = 1; })";

function vigil(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', entry, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('vigil flows', () => {
  it('names an unknown feature set and lists the known ones', () => {
    const r = vigil('flows', '--pcap', '/nonexistent.pcap', '--features', 'kdd99');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("unknown feature set 'kdd99' (known: kdd41, cic, damped)");
  });

  it('names a capture file it cannot open', () => {
    const r = vigil('flows', '--pcap', '/nonexistent.pcap');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('/nonexistent.pcap');
  });

  it.skipIf(!existsSync(PCAPS))('writes a Zeek conn.log with KDD features and a summary', () => {
    const r = vigil('flows', '--pcap', `${PCAPS}benign/dns_lab.pcapng.gz`, '--features', 'kdd41', '--format', 'zeek');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const fields = lines.find((l) => l.startsWith('#fields'))!.split('\t').slice(1);
    expect(fields.slice(0, 6)).toEqual(['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p']);
    expect(fields).toContain('feat.dst_host_srv_rerror_rate');
    expect(new Set(fields).size).toBe(fields.length);
    const rows = lines.filter((l) => !l.startsWith('#')).map((l) => l.split('\t'));
    expect(rows).toHaveLength(11); // tshark -z conv,udp: 11 conversations
    for (const row of rows) {
      expect(row).toHaveLength(fields.length);
      expect(row[fields.indexOf('conn_state')]).toBe('SF');
      expect(row[fields.indexOf('feat.service')]).toBe('domain_u');
    }
    expect(lines.at(-1)).toMatch(/^#close\t/);
    expect(r.stderr).toMatch(/^packets 22 {2}flows 11 {2}decode anomalies 0 {2}evictions 0 /);
  });
});
