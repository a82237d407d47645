/**
 * A traffic generator the scenarios can name (like a CALDERA ability): its parameters (a zod schema),
 * what it is (benign or an attack, its category and ATT&CK technique) and a pure `plan` that turns
 * parameters and hosts into the commands to run. The runner runs plans; tools never touch processes.
 */
import type { z } from 'zod';
import type { Rng } from '../../util/random.js';
import type { LabHost } from '../topology.js';

export type StepKind = 'attack' | 'benign';

export interface CommandSpec {
  argv: string[];
  /** Extra environment (e.g. SSHPASS), kept out of argv so secrets never reach the labels file. */
  env?: Record<string, string>;
}

export interface ToolContext {
  source: LabHost;
  targets: LabHost[];
  /** The lab's test user, for the tools that log in. */
  user: { name: string; password: string };
  /** Directory where the step may write its files (wordlists, curl configs, tool reports). */
  toolDir: string;
  stepId: string;
  maxSeconds: number;
  /** Common passwords (lab/wordlists/ssh-common.txt), for the brute-force wordlist. */
  commonPasswords: string[];
}

/** Commands that each run once, all at the same time (one per target, or one for all targets). */
export interface ParallelPlan {
  mode: 'parallel';
  commands: CommandSpec[];
  files?: Record<string, string>;
}

/** One command run `count` times in sequence with a jittered pause; for benign use. */
export interface RepeatPlan {
  mode: 'repeat';
  count: number;
  intervalMs: number;
  /** Each call's own time bound. */
  perCallSeconds: number;
  command: (i: number, rng: Rng) => CommandSpec;
  files?: Record<string, string>;
}

export type StepPlan = ParallelPlan | RepeatPlan;

export interface ToolDefinition<P = unknown> {
  name: string;
  kind: StepKind;
  /** Alert category for attacks (AttackCategory), 'benign' for benign tools. */
  category: string;
  /** MITRE ATT&CK technique id, for attacks. */
  technique?: string;
  description: string;
  params: z.ZodType<P>;
  /** Victim-side ports the step's traffic uses; undefined means any port (a scan). */
  targetPorts(params: P): number[] | undefined;
  plan(params: P, ctx: ToolContext): StepPlan;
}

/** Type helper so each tool file keeps its own params type while the registry holds them together. */
export function defineTool<P>(tool: ToolDefinition<P>): ToolDefinition<P> {
  return tool;
}
