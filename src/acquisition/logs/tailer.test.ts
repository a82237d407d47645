import { afterAll, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tailLines } from './tailer.js';
import { tailLogEvents } from './index.js';

const tmp = mkdtempSync(join(tmpdir(), 'vigil-tail-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Follow `path` in the background; `until(n)` waits for n lines. */
function follow(path: string, fromStart: boolean) {
  const ac = new AbortController();
  const source = tailLines(path, { fromStart, pollMs: 10, signal: ac.signal });
  const lines: string[] = [];
  const done = (async () => {
    for await (const batch of source) lines.push(...batch);
  })();
  const until = async (n: number): Promise<string[]> => {
    const deadline = Date.now() + 3000;
    while (lines.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return [...lines];
  };
  const stop = async (): Promise<void> => {
    ac.abort();
    await done;
  };
  return { lines, until, stop, stats: source.stats };
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 60));

describe('tailLines', () => {
  it('holds a half-written last line until its newline arrives', async () => {
    const path = join(tmp, 'partial.log');
    writeFileSync(path, 'one\ntwo\nthr');
    const t = follow(path, true);
    expect(await t.until(2)).toEqual(['one', 'two']);
    await settle();
    expect(t.lines).toEqual(['one', 'two']);
    appendFileSync(path, 'ee\r\nfour\n');
    expect(await t.until(4)).toEqual(['one', 'two', 'three', 'four']);
    await t.stop();
    expect(t.stats).toMatchObject({ lines: 4, partialLines: 0, rotations: 0 });
  });

  it('starts at the end of the file unless asked to read from the start', async () => {
    const path = join(tmp, 'end.log');
    writeFileSync(path, 'old\n');
    const t = follow(path, false);
    await settle();
    appendFileSync(path, 'new\n');
    expect(await t.until(1)).toEqual(['new']);
    await t.stop();
  });

  it('follows rename rotation: drains the old file, hands out its cut last line, reads the new one', async () => {
    const path = join(tmp, 'auth.log');
    writeFileSync(path, 'a1\na2\n');
    const t = follow(path, true);
    expect(await t.until(2)).toEqual(['a1', 'a2']);
    renameSync(path, `${path}.1`);
    appendFileSync(`${path}.1`, 'a3\na4-cut');
    writeFileSync(path, 'b1\n');
    expect(await t.until(5)).toEqual(['a1', 'a2', 'a3', 'a4-cut', 'b1']);
    appendFileSync(path, 'b2\n');
    expect(await t.until(6)).toEqual(['a1', 'a2', 'a3', 'a4-cut', 'b1', 'b2']);
    await t.stop();
    expect(t.stats).toMatchObject({ rotations: 1, partialLines: 1, lines: 6 });
  });

  it('follows copytruncate: reading restarts at the start of the shrunk file', async () => {
    const path = join(tmp, 'copytruncate.log');
    writeFileSync(path, 'x1\nx2\n');
    const t = follow(path, true);
    expect(await t.until(2)).toEqual(['x1', 'x2']);
    truncateSync(path, 0);
    await settle();
    appendFileSync(path, 'y1\n');
    expect(await t.until(3)).toEqual(['x1', 'x2', 'y1']);
    await t.stop();
    expect(t.stats.truncations).toBe(1);
  });

  it('waits for a file that does not exist yet', async () => {
    const path = join(tmp, 'later.log');
    const t = follow(path, false);
    await settle();
    writeFileSync(path, 'first\n');
    expect(await t.until(1)).toEqual(['first']);
    await t.stop();
  });
});

describe('tailLogEvents', () => {
  it('turns followed sshd lines into events and counts lines that are not syslog', async () => {
    const path = join(tmp, 'events.log');
    writeFileSync(
      path,
      [
        'Nov 26 10:00:01 lab sshd[4242]: Failed password for root from 127.0.0.1 port 33508 ssh2',
        'garbage without a syslog prefix',
        'Nov 26 10:00:02 lab sshd[4242]: Accepted publickey for root from 127.0.0.1 port 33526 ssh2: ED25519 SHA256:x',
        'Nov 26 10:00:03 lab sshd[4242]: Invalid user nosu',
      ].join('\n'),
    );
    const ac = new AbortController();
    const source = tailLogEvents(path, {
      fromStart: true,
      pollMs: 10,
      signal: ac.signal,
      referenceMicros: Date.UTC(2026, 10, 27) * 1000,
    });
    const outcomes: string[] = [];
    const run = (async () => {
      for await (const batch of source) outcomes.push(...batch.map((e) => `${e.outcome}:${e.user ?? ''}`));
    })();
    await new Promise((r) => setTimeout(r, 80));
    appendFileSync(path, 'chuser from 127.0.0.1 port 33512\n');
    const deadline = Date.now() + 3000;
    while (outcomes.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    ac.abort();
    await run;
    expect(outcomes).toEqual(['auth-failure:root', 'auth-success:root', 'invalid-user:nosuchuser']);
    expect(source.stats).toMatchObject({ unparsed: 1, unparsedSamples: ['garbage without a syslog prefix'] });
  });
});
