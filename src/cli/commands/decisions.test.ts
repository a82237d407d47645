import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { addDecision, listDecisions, register, revokeDecision } from './decisions.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-decisions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const config = join(dir, 'response.yaml');
writeFileSync(config, `allowlist: [10.203.250.0/24]\nstore: { path: ${join(dir, 'default.db')} }\n`);

describe('vigil decisions', () => {
  it('add, list and revoke against a real store; dry-run without a firewall', async () => {
    const db = join(dir, 'a.db');
    const text: string[] = [];
    const out = (t: string) => text.push(t);
    const { decision, results } = await addDecision(
      '10.60.0.1',
      { config, db, action: 'block', ttl: '4h', reason: 'seen brute force' },
      out,
    );
    expect(decision).toMatchObject({
      origin: 'operator',
      dryRun: true,
      ttlSeconds: 14_400,
      reason: 'operator: seen brute force',
    });
    expect(results.map((r) => r.status)).toEqual(['dry-run']);
    expect(listDecisions({ config, db }, out).map((s) => s.decision.id)).toEqual([decision.id]);
    expect(text.join('')).toMatch(
      /dry-run block 10\.60\.0\.1 ttl 4h \(operator\)\s+(3h59m5\d s|4h|3h59m\d+s) left/,
    );
    expect(await revokeDecision(decision.id, { config, db }, out)).toBe(true);
    expect(listDecisions({ config, db }, out)).toEqual([]);
    expect(listDecisions({ config, db, all: true }, out)[0]?.endStatus).toBe('revoked');
  });

  it('refuses an allowlisted target and records the refusal', async () => {
    const db = join(dir, 'b.db');
    const { results } = await addDecision(
      '10.203.250.9',
      { config, db, action: 'quarantine', ttl: '1h', reason: 'x' },
      () => {},
    );
    expect(results[0]).toMatchObject({ status: 'refused', detail: expect.stringMatching(/allowlist/) });
    const lines: string[] = [];
    listDecisions({ config, db, all: true, json: true }, (t) => lines.push(t));
    expect(JSON.parse(lines[0]!).results[0].status).toBe('refused');
  });

  it('names the flag of bad input', async () => {
    const db = join(dir, 'c.db');
    await expect(
      addDecision('10.1.1.1', { config, db, action: 'nuke', ttl: '1h', reason: '' }, () => {}),
    ).rejects.toThrow(/--action: unknown action "nuke"/);
    await expect(
      addDecision('10.1.1.1', { config, db, action: 'block', ttl: '4', reason: '' }, () => {}),
    ).rejects.toThrow(/--ttl: .*no unit/);
    await expect(
      addDecision('10.1.1.1', { config, db, action: 'rate-limit', ttl: '1h', reason: '' }, () => {}),
    ).rejects.toThrow(/--rate/);
    await expect(revokeDecision('missing', { config, db }, () => {})).rejects.toThrow(/no live decision/);
  });

  it('is wired into commander', async () => {
    const db = join(dir, 'd.db');
    const program = new Command().exitOverride();
    register(program);
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let printed: string;
    try {
      await program.parseAsync([
        'node',
        'vigil',
        'decisions',
        'add',
        '10.61.0.1',
        '--action',
        'rate-limit',
        '--rate',
        '20',
        '--ttl',
        '30m',
        '--config',
        config,
        '--db',
        db,
      ]);
      await program.parseAsync(['node', 'vigil', 'decisions', 'list', '--config', config, '--db', db]);
      printed = spy.mock.calls.map((c) => String(c[0])).join('');
    } finally {
      spy.mockRestore();
    }
    expect(printed).toMatch(/dry-run rate-limit 10\.61\.0\.1 20\/s ttl 30m \(operator\)/);
  });
});
