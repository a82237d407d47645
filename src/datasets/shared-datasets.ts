/**
 * Where the shared real datasets live: $VIGIL_DATASETS, else the nearest `shared/datasets` folder
 * found walking up from this file (the project root's sibling `../shared/datasets`, whether running
 * from src/ or a build). Tests and benchmarks skip with a message when it is absent; nothing copies it.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function sharedDatasetsDir(): string | undefined {
  const fromEnv = process.env.VIGIL_DATASETS;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'shared', 'datasets');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
