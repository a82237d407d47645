#!/usr/bin/env node
// Launcher. In a clone, where src/ and the dev dependency tsx are present, it runs the TypeScript
// sources through tsx: `npm ci` then needs no compile step (tsc took ~17 CPU-seconds of a fresh
// install) and the CLI can never be a stale build. Without them (an installed package) it runs the
// tsc output in dist/ (`npm run build`).
import { existsSync } from 'node:fs';
import { URL } from 'node:url';

async function loadMain() {
  if (existsSync(new URL('../src/cli/main.ts', import.meta.url))) {
    const tsx = await import('tsx/esm/api').catch(() => undefined);
    if (tsx) {
      tsx.register();
      return (await import('../src/cli/main.ts')).main;
    }
  }
  return (await import('../dist/cli/main.js')).main;
}

try {
  const main = await loadMain();
  await main(process.argv);
} catch (err) {
  process.stderr.write(`vigil: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
