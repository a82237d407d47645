import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseResponseConfig } from '../decision/config.js';
import type { Decision } from '../records/index.js';
import { runPlaybook } from './playbook.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-playbook-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const decision: Decision = {
  id: 'd-7',
  createdMicros: 1,
  action: 'escalate',
  target: '10.66.0.9',
  ttlSeconds: 600,
  reason: 'emergency',
  alertIds: ['a1'],
  origin: 'profile',
  dryRun: false,
};

function playbooks(yaml: string) {
  return parseResponseConfig(yaml).playbooks;
}

describe('runPlaybook', () => {
  it('runs the command with the decision as JSON on stdin', async () => {
    const out = join(dir, 'snapshot.json');
    const [p] = playbooks(
      `playbooks:\n  - { name: snapshot, command: [/bin/sh, -c, 'cat > ${out}; echo snapshot taken'], timeout: 5s }\n`,
    );
    const r = await runPlaybook(p!, decision, 9);
    expect(r).toEqual({
      decisionId: 'd-7',
      backend: 'playbook:snapshot',
      atMicros: 9,
      status: 'applied',
      detail: 'snapshot taken',
    });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(decision);
  });

  it('kills a command that outlives its timeout and reports it', async () => {
    const [p] = playbooks(
      `playbooks:\n  - { name: hang, command: [/bin/sh, -c, 'sleep 30; echo late'], timeout: 1s }\n`,
    );
    const started = Date.now();
    const r = await runPlaybook(p!, decision, 0);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.status).toBe('failed');
    expect(r.detail).toMatch(/timed out after 1s/);
  });

  it('reports a failing command with its exit code and output, and a missing one', async () => {
    const [fails] = playbooks(
      `playbooks:\n  - { name: f, command: [/bin/sh, -c, 'echo segment busy >&2; exit 3'] }\n`,
    );
    expect(await runPlaybook(fails!, decision, 0)).toMatchObject({
      status: 'failed',
      detail: 'exit 3: segment busy',
    });
    const [missing] = playbooks(`playbooks:\n  - { name: m, command: [/nonexistent/isolate-segment] }\n`);
    expect((await runPlaybook(missing!, decision, 0)).detail).toMatch(/ENOENT/);
  });
});
