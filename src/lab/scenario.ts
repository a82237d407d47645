/**
 * Scenario files (lab/scenarios/*.yaml): an operation is an ordered list of steps, like CALDERA
 * abilities. Each step names a tool, its source and target hosts, its parameters and a time bound.
 * A step with `background: true` starts and the operation moves on (benign use "throughout");
 * the others run one after another. Errors name the file and the field (steps.2.params.count).
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { ScenarioError } from './errors.js';
import { SCENARIOS_DIR } from './paths.js';
import { findHost, type LabConfig, type HostRole } from './topology.js';
import { toolCatalog } from './tools/index.js';

const stepSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'lowercase letters, digits and dashes'),
  tool: z.string().refine((t) => t in toolCatalog, { message: `unknown tool; known: ${Object.keys(toolCatalog).join(', ')}` }),
  source: z.string(),
  targets: z.array(z.string()).min(1),
  /** Hard time bound: the tool is run under `timeout`, and killed 2 s later if it ignores it. */
  maxSeconds: z.number().positive().max(600),
  background: z.boolean().default(false),
  /** Seconds to wait after this step before the next one starts (default: gapSeconds, 0 after a background step). */
  pauseAfterSeconds: z.number().min(0).max(120).optional(),
  params: z.record(z.string(), z.unknown()).default({}),
  note: z.string().optional(),
});

const scenarioSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
  description: z.string().default(''),
  /** Default pause between steps, so attack windows do not touch. */
  gapSeconds: z.number().min(0).max(120).default(2),
  /** Seed of the benign generators' jitter. */
  seed: z.number().int().default(1),
  capture: z.strictObject({ snaplen: z.number().int().min(0).max(262144).default(0) }).default({ snaplen: 0 }),
  steps: z.array(stepSchema).min(1),
});

export type ScenarioStep = z.infer<typeof stepSchema> & { parsedParams: unknown };
export type Scenario = Omit<z.infer<typeof scenarioSchema>, 'steps'> & { steps: ScenarioStep[]; file: string };

/** An upper bound on a scenario's length: foreground steps and pauses in a row, background ones alongside. */
export function scenarioMaxSeconds(s: Pick<Scenario, 'steps' | 'gapSeconds'>): number {
  let t = 0;
  let end = 0;
  s.steps.forEach((step, i) => {
    end = Math.max(end, t + step.maxSeconds);
    if (!step.background) t += step.maxSeconds;
    // The runner pauses between steps, not after the last one; background steps only when they ask.
    if (i < s.steps.length - 1) t += step.pauseAfterSeconds ?? (step.background ? 0 : s.gapSeconds);
  });
  return Math.max(t, end);
}

const MAX_SCENARIO_SECONDS = 1800;

function issuePath(prefix: (string | number)[], path: readonly PropertyKey[]): string {
  return [...prefix, ...path].map(String).join('.') || '(top level)';
}

const roleFor: Record<'attack' | 'benign', HostRole> = { attack: 'attacker', benign: 'client' };

/** Validates a parsed YAML value against the schema, the tools' params and the lab's hosts. */
export function validateScenario(value: unknown, file: string, cfg: LabConfig): Scenario {
  const parsed = scenarioSchema.safeParse(value);
  if (!parsed.success) {
    throw new ScenarioError(file, parsed.error.issues.map((i) => `${issuePath([], i.path)}: ${i.message}`));
  }
  const problems: string[] = [];
  const ids = new Set<string>();
  const steps: ScenarioStep[] = parsed.data.steps.map((step, n) => {
    const at = (field: string): string => `steps.${n}.${field}`;
    if (ids.has(step.id)) problems.push(`${at('id')}: duplicate step id '${step.id}'`);
    ids.add(step.id);
    const tool = toolCatalog[step.tool]!;
    const source = findHost(cfg, step.source);
    if (!source) problems.push(`${at('source')}: unknown host '${step.source}'`);
    else if (source.role !== roleFor[tool.kind]) {
      problems.push(`${at('source')}: a ${tool.kind} step must come from a ${roleFor[tool.kind]} host, '${step.source}' is a ${source.role}`);
    }
    step.targets.forEach((t, k) => {
      const host = findHost(cfg, t);
      if (!host) problems.push(`${at(`targets.${k}`)}: unknown host '${t}'`);
      else if (host.role !== 'victim') problems.push(`${at(`targets.${k}`)}: '${t}' is a ${host.role}, targets must be victims`);
    });
    const params = tool.params.safeParse(step.params);
    if (!params.success) {
      for (const i of params.error.issues) problems.push(`${issuePath(['steps', n, 'params'], i.path)}: ${i.message}`);
    }
    return { ...step, parsedParams: params.success ? params.data : undefined };
  });
  const scenario: Scenario = { ...parsed.data, steps, file };
  const total = scenarioMaxSeconds(scenario);
  if (total > MAX_SCENARIO_SECONDS) problems.push(`steps: the scenario may last ${total} s, more than the ${MAX_SCENARIO_SECONDS} s allowed`);
  if (problems.length > 0) throw new ScenarioError(file, problems);
  return scenario;
}

/** Parses YAML text; syntax errors name the line and column. */
export function parseScenarioText(text: string, file: string, cfg: LabConfig): Scenario {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ScenarioError(file, doc.errors.map((e) => {
      const pos = e.linePos?.[0];
      return `${pos ? `line ${pos.line}, column ${pos.col}: ` : ''}${e.message.split('\n')[0] ?? e.code}`;
    }));
  }
  return validateScenario(doc.toJS(), file, cfg);
}

/** A scenario by name (lab/scenarios/NAME.yaml) or by path. */
export function resolveScenarioPath(nameOrPath: string): string {
  if (nameOrPath.includes('/') || nameOrPath.endsWith('.yaml') || nameOrPath.endsWith('.yml')) return nameOrPath;
  return join(SCENARIOS_DIR, `${nameOrPath}.yaml`);
}

export async function loadScenario(nameOrPath: string, cfg: LabConfig): Promise<Scenario> {
  const file = resolveScenarioPath(nameOrPath);
  if (!existsSync(file)) throw new ScenarioError(file, ['no such file (scenarios live in lab/scenarios/NAME.yaml)']);
  return parseScenarioText(await readFile(file, 'utf8'), file, cfg);
}
