/**
 * The lab's state file: what `up` made (namespaces by config, the test user, the PIDs of the daemons it
 * started), so `down`, `status` and `run` act on exactly that. Kept in the state dir, mode 0600, because
 * it holds the test user's password.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { LabError, LabNotUpError } from './errors.js';

const hostSchema = z.object({
  name: z.string(),
  role: z.enum(['attacker', 'victim', 'client']),
  ip: z.string(),
});

const daemonSchema = z.object({
  /** nginx, http-alt, sshd, sshd-stamper */
  role: z.string(),
  host: z.string(),
  ns: z.string(),
  pid: z.number().int().positive(),
  argv: z.array(z.string()),
});

export const labStateSchema = z.object({
  format: z.literal('vigil-lab-state/1'),
  createdAt: z.string(),
  prefix: z.string(),
  stateDir: z.string(),
  prefixLength: z.number().int(),
  hosts: z.array(hostSchema),
  user: z.object({ name: z.string(), password: z.string(), created: z.boolean() }),
  /** True when `up` created /run/sshd (so `down` removes it again). */
  createdRunSshd: z.boolean(),
  daemons: z.array(daemonSchema),
});

export type LabState = z.infer<typeof labStateSchema>;
export type DaemonRecord = z.infer<typeof daemonSchema>;

export function stateFile(stateDir: string): string {
  return join(stateDir, 'state.json');
}

export async function writeState(state: LabState): Promise<void> {
  await mkdir(state.stateDir, { recursive: true, mode: 0o755 });
  await writeFile(stateFile(state.stateDir), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

/** Reads the state file; undefined when there is none. A corrupt file is an error naming the file. */
export async function readState(stateDir: string): Promise<LabState | undefined> {
  const file = stateFile(stateDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new LabError(`cannot read lab state ${file}`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new LabError(`lab state ${file} is not JSON`, { cause: err });
  }
  const parsed = labStateSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new LabError(`lab state ${file} is invalid at ${first?.path.join('.') || '(root)'}: ${first?.message ?? ''}`);
  }
  return parsed.data;
}

export async function requireState(stateDir: string): Promise<LabState> {
  const state = await readState(stateDir);
  if (!state) throw new LabNotUpError(stateFile(stateDir));
  return state;
}

export async function removeStateDir(stateDir: string): Promise<void> {
  await rm(stateDir, { recursive: true, force: true });
}
