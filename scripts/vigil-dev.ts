// Runs the CLI from source (no build step), for development: `npx tsx scripts/vigil-dev.ts <command> ...`.
import { main } from '../src/cli/main.js';

main(process.argv).catch((err: unknown) => {
  process.stderr.write(`vigil: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
