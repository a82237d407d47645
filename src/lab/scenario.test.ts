import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from './errors.js';
import { SCENARIOS_DIR } from './paths.js';
import { loadScenario, scenarioMaxSeconds } from './scenario.js';
import { defaultLabConfig } from './topology.js';

const cfg = defaultLabConfig();
const bad = (name: string): string => join(import.meta.dirname, 'testdata', 'scenarios', `${name}.yaml`);

async function problems(file: string): Promise<string[]> {
  try {
    await loadScenario(file, cfg);
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as ScenarioError).problems;
  }
  throw new Error(`${file} was accepted`);
}

describe('scenario files', () => {
  it('every shipped scenario is valid, bounded, and together they cover the five attacks with benign use', async () => {
    const files = readdirSync(SCENARIOS_DIR).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    const tools = new Set<string>();
    for (const f of files) {
      const s = await loadScenario(join(SCENARIOS_DIR, f), cfg);
      expect(scenarioMaxSeconds(s)).toBeLessThanOrEqual(1800);
      for (const step of s.steps) tools.add(step.tool);
      // Benign HTTP and SSH run in the background of every scenario.
      expect(s.steps.some((st) => st.tool === 'http-browse' && st.background)).toBe(true);
      expect(s.steps.some((st) => st.tool === 'ssh-session' && st.background)).toBe(true);
    }
    for (const t of ['nmap-syn', 'hping3-syn-flood', 'hydra-ssh', 'slowhttptest-slowloris', 'http-flood']) expect(tools).toContain(t);
  });

  it('the short scenario lasts at most 30 s', async () => {
    const s = await loadScenario('short', cfg);
    expect(scenarioMaxSeconds(s)).toBeLessThanOrEqual(30);
  });

  it('the sample scenario holds all five attacks', async () => {
    const s = await loadScenario('sample', cfg);
    expect(new Set(s.steps.map((st) => st.tool)).size).toBe(7);
  });

  it('names the field of a bad tool parameter', async () => {
    const p = await problems(bad('bad-params'));
    expect(p.some((x) => x.startsWith('steps.0.params.count:'))).toBe(true);
    expect(p.some((x) => x.startsWith('steps.0.params.intervalMicros:'))).toBe(true);
  });

  it('names unknown hosts, wrong roles and duplicate ids', async () => {
    const p = await problems(bad('bad-hosts'));
    expect(p).toContain("steps.0.source: a attack step must come from a attacker host, 'cli1' is a client");
    expect(p).toContain("steps.0.targets.1: 'atk2' is a attacker, targets must be victims");
    expect(p).toContain("steps.0.targets.2: unknown host 'nowhere'");
    expect(p).toContain("steps.1.id: duplicate step id 'scan'");
  });

  it('names shape errors: bad name, unknown tool, empty targets, too long a bound, unknown keys', async () => {
    const p = (await problems(bad('bad-shape'))).join('\n');
    expect(p).toMatch(/^name: /m);
    expect(p).toMatch(/^steps\.0\.tool: unknown tool; known: nmap-syn/m);
    expect(p).toMatch(/^steps\.0\.targets: /m);
    expect(p).toMatch(/^steps\.0\.maxSeconds: /m);
    expect(p).toMatch(/^steps\.0: .*colour/m);
  });

  it('names the line of a YAML syntax error', async () => {
    const p = await problems(bad('bad-yaml'));
    expect(p[0]).toMatch(/^line \d+, column \d+: /);
  });

  it('refuses a scenario longer than 30 minutes', async () => {
    const p = await problems(bad('too-long'));
    expect(p[0]).toMatch(/may last 1804 s/);
  });

  it('says where scenarios live when one is missing', async () => {
    const p = await problems('no-such-scenario');
    expect(p[0]).toContain('lab/scenarios/NAME.yaml');
  });
});
