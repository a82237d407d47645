import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { STAMPER_SCRIPT, formatStampMicros, parseStampedLine } from './stamp.js';

describe('stamped auth log lines', () => {
  it('formats and parses microsecond times in UTC', () => {
    const us = Date.UTC(2026, 10, 26, 10, 12, 1) * 1000 + 123456;
    const line = `${formatStampMicros(us)} vic1 sshd: Failed password for x from 10.77.0.66 port 4 ssh2`;
    expect(line.startsWith('2026-11-26T10:12:01.123456+00:00 vic1 sshd: ')).toBe(true);
    const parsed = parseStampedLine(line);
    expect(parsed).toEqual({ tsMicros: us, host: 'vic1', program: 'sshd', message: 'Failed password for x from 10.77.0.66 port 4 ssh2' });
  });

  it('rejects lines without a stamp', () => {
    expect(parseStampedLine('Failed password for x')).toBeUndefined();
    expect(parseStampedLine('2026-11-26T10:12:01 vic1 sshd: x')).toBeUndefined();
  });

  it('the real stamper process stamps each line as it arrives and exits at EOF', async () => {
    const child = spawn(process.execPath, ['-e', STAMPER_SCRIPT, 'vic9'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    const before = Date.now() * 1000;
    child.stdin.write('Server listening on 10.77.0.11 port 22.\n');
    // Wait for the first stamped line (node's start-up takes longer than the pause we want to see).
    while (!out.includes('\n')) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 120));
    child.stdin.end('Accepted password for u from 10.77.0.101 port 5 ssh2\n');
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    const after = Date.now() * 1000;
    expect(code).toBe(0);
    const lines = out.trim().split('\n').map(parseStampedLine);
    expect(lines).toHaveLength(2);
    const [a, b] = lines;
    expect(a?.message).toBe('Server listening on 10.77.0.11 port 22.');
    expect(a?.host).toBe('vic9');
    expect(b?.message).toBe('Accepted password for u from 10.77.0.101 port 5 ssh2');
    // Stamped on arrival: inside the test's clock window, and the second line sent 120 ms after the first was stamped.
    expect(a!.tsMicros).toBeGreaterThanOrEqual(before - 2000);
    expect(b!.tsMicros).toBeLessThanOrEqual(after + 2000);
    expect(b!.tsMicros - a!.tsMicros).toBeGreaterThan(100_000);
  });
});
