/**
 * The `vigil` command line. Each command lives in commands/<name>.ts and exports `register`;
 * this file only wires them, so `vigil --help` lists exactly what is built.
 */
import { Command } from 'commander';
import { readFileSync } from 'node:fs';

// Order here is the order in `vigil --help`.
const commandModules: (() => Promise<unknown>)[] = [
  () => import('./commands/demo.js'),
  () => import('./commands/run.js'),
  () => import('./commands/eval.js'),
  () => import('./commands/lab.js'),
  () => import('./commands/capture.js'),
  () => import('./commands/flows.js'),
  () => import('./commands/decisions.js'),
];

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('vigil')
    .description('Distributed, AI-driven network security monitor')
    .version(packageVersion())
    .showHelpAfterError()
    .exitOverride((err) => {
      // commander exits for --help/--version; keep its exit code, print nothing more.
      process.exit(err.exitCode);
    });
  for (const load of commandModules) {
    const mod = (await load()) as { register: (p: Command) => void };
    mod.register(program);
  }
  await program.parseAsync(argv);
}
