/**
 * Adapter: which source files the defending agents will run differ from the last commit. The agents
 * run the working tree's TypeScript through tsx, so in a checkout others are editing, a defended run
 * can measure half-edited code (it happened: a kdd41 refactor in progress broke an agent's training).
 * The lab says so before it starts; it does not refuse, since testing one's own change is the point.
 */
import { spawnSync } from 'node:child_process';

/** Paths under `src/` with uncommitted changes, as git names them; [] outside a git checkout. */
export function uncommittedSource(root: string): string[] {
  const r = spawnSync('git', ['status', '--porcelain', '--', 'src'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0 || typeof r.stdout !== 'string') return [];
  return r.stdout
    .split('\n')
    .filter((l) => l.length > 3)
    .map((l) => l.slice(3));
}
