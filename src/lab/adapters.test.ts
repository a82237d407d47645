/** Small pure pieces of the lab's adapters: tcpdump's counters, time formatting, log slicing. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTcpdumpCounters } from './capture.js';
import { isoFromMicros } from './clock.js';
import { copyTail, fileSize } from './log-slice.js';
import { boundedArgv } from './step-exec.js';

describe('lab adapters, pure parts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-lab-adapters-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads tcpdump's closing counters, and leaves out what it did not print", () => {
    const stderr = 'tcpdump: listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n5457 packets captured\n5460 packets received by filter\n3 packets dropped by kernel\n';
    expect(parseTcpdumpCounters(stderr)).toEqual({ captured: 5457, receivedByFilter: 5460, droppedByKernel: 3 });
    expect(parseTcpdumpCounters('tcpdump: listening on eth0\n')).toEqual({ captured: undefined, receivedByFilter: undefined, droppedByKernel: undefined });
  });

  it('formats microsecond times as ISO with six digits', () => {
    const us = Date.UTC(2026, 10, 26, 10, 22, 28) * 1000 + 808953;
    expect(isoFromMicros(us)).toBe('2026-11-26T10:22:28.808953Z');
    expect(isoFromMicros(Date.UTC(2026, 0, 1) * 1000 + 7)).toBe('2026-01-01T00:00:00.000007Z');
  });

  it('copies only what a log gained since an offset, and counts its lines', async () => {
    const log = join(dir, 'auth.log');
    writeFileSync(log, 'before 1\nbefore 2\n');
    const from = await fileSize(log);
    appendFileSync(log, 'during 1\nduring 2\nduring 3\n');
    const lines = await copyTail(log, from, join(dir, 'slice.log'));
    expect(lines).toBe(3);
    expect(readFileSync(join(dir, 'slice.log'), 'utf8')).toBe('during 1\nduring 2\nduring 3\n');
    expect(await copyTail(join(dir, 'missing.log'), 0, join(dir, 'empty.log'))).toBe(0);
  });

  it('wraps every tool in timeout inside its namespace, with a kill after the grace', () => {
    expect(boundedArgv('vl-atk1', { argv: ['nmap', '-sS', '10.77.0.11'] }, 7.25)).toEqual(
      ['ip', 'netns', 'exec', 'vl-atk1', 'timeout', '--kill-after=2', '7.3s', 'nmap', '-sS', '10.77.0.11'],
    );
    expect(boundedArgv('vl-cli1', { argv: ['curl'] }, 0)[6]).toBe('0.1s');
  });
});
