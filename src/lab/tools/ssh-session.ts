/** Benign SSH use: the lab user logs in with the right password and runs a short command. */
import { z } from 'zod';
import { defineTool, type CommandSpec } from './tool.js';

const SSH_OPTIONS = [
  '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR',
  '-o', 'PubkeyAuthentication=no', '-o', 'PreferredAuthentications=password', '-o', 'NumberOfPasswordPrompts=1',
  '-o', 'ConnectTimeout=5',
];

export const sshSession = defineTool({
  name: 'ssh-session',
  kind: 'benign',
  category: 'benign',
  description: 'sshpass + ssh as the lab user, one short command per session, sessions one at a time',
  params: z.strictObject({
    /** Sessions in total. */
    count: z.number().int().positive().max(1000),
    intervalMs: z.number().int().min(100).max(600_000).default(3000),
    command: z.string().min(1).default('uname -a; ls / > /dev/null; sleep 1'),
    /** Every n-th session first mistypes the password once (a benign failed login); 0 never. */
    typoEvery: z.number().int().min(0).max(1000).default(0),
  }),
  targetPorts: () => [22],
  plan: (p, ctx) => ({
    mode: 'repeat',
    count: p.count,
    intervalMs: p.intervalMs,
    perCallSeconds: 15,
    command: (i): CommandSpec => {
      const target = ctx.targets[i % ctx.targets.length]!;
      const login = ['sshpass', '-e', 'ssh', ...SSH_OPTIONS, `${ctx.user.name}@${target.ip}`];
      const typo = p.typoEvery > 0 && (i + 1) % p.typoEvery === 0;
      if (!typo) return { argv: [...login, p.command], env: { SSHPASS: ctx.user.password } };
      // A mistyped password, then the right one: two connections, as a person retrying would make.
      return {
        argv: ['sh', '-c', `SSHPASS="$SSHPASS_TYPO" "$@" true; "$@" ${shellQuote(p.command)}`, 'ssh-session', ...login],
        env: { SSHPASS: ctx.user.password, SSHPASS_TYPO: `${ctx.user.password}x` },
      };
    },
  }),
});

function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}
