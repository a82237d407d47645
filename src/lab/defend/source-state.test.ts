import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { uncommittedSource } from './source-state.js';

const hasGit = spawnSync('git', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'vigil-src-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasGit)('uncommittedSource', () => {
  it('names changed and new files under src/ only, and nothing outside a checkout', () => {
    const git = (...args: string[]): void => {
      expect(spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir }).status).toBe(0);
    };
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'a.ts'), 'export const a = 1;\n');
    writeFileSync(join(dir, 'notes.md'), 'x\n');
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'init');
    expect(uncommittedSource(dir)).toEqual([]);
    writeFileSync(join(dir, 'src', 'a.ts'), 'export const a = 2;\n');
    writeFileSync(join(dir, 'src', 'b.ts'), 'export const b = 1;\n');
    writeFileSync(join(dir, 'notes.md'), 'y\n');
    expect(uncommittedSource(dir).sort()).toEqual(['src/a.ts', 'src/b.ts']);
    expect(uncommittedSource(tmpdir())).toEqual([]);
  });
});
