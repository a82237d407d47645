import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { logEventFromLine } from './log-event.js';
import { parseSyslogLine } from './syslog-line.js';

/** Real sshd 9.2p1 output (see testdata/README.md). */
const SSHD_LINES = readFileSync(new URL('./testdata/sshd-9.2p1-stderr.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l !== '');
const REF = Date.UTC(2026, 10, 26, 12) * 1000;

describe('parseSyslogLine', () => {
  it('reads the RFC 3164 example (section 5.4)', () => {
    expect(
      parseSyslogLine("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8", {
        referenceMicros: REF,
      }),
    ).toEqual({
      tsMicros: Date.UTC(2026, 9, 11, 22, 14, 15) * 1000,
      host: 'mymachine',
      program: 'su',
      priority: 34,
      message: "'su root' failed for lonvick on /dev/pts/8",
    });
  });

  it('puts a December stamp read in January into the previous year', () => {
    const jan = Date.UTC(2027, 0, 2) * 1000;
    expect(parseSyslogLine('Dec 31 23:59:59 h sshd[1]: x', { referenceMicros: jan })?.tsMicros).toBe(
      Date.UTC(2026, 11, 31, 23, 59, 59) * 1000,
    );
  });

  it('reads the RFC 5424 examples (section 6.5), structured data and BOM included', () => {
    expect(
      parseSyslogLine(
        "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \ufeff'su root' failed for lonvick on /dev/pts/8",
      ),
    ).toEqual({
      tsMicros: Date.UTC(2003, 9, 11, 22, 14, 15, 3) * 1000,
      host: 'mymachine.example.com',
      program: 'su',
      priority: 34,
      message: "'su root' failed for lonvick on /dev/pts/8",
    });
    const sd = parseSyslogLine(
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Appli]cation" eventID="1011"][examplePriority@32473 class="high"] An application event',
    );
    expect(sd).toMatchObject({ program: 'evntslog', message: 'An application event', priority: 165 });
    expect(
      parseSyslogLine(
        '<13>1 2026-11-26T10:00:00.123456+01:00 host sshd 4242 - - Failed password for root from 10.0.0.9 port 5 ssh2',
      ),
    ).toMatchObject({
      tsMicros: Date.UTC(2026, 10, 26, 9, 0, 0, 123) * 1000 + 456,
      pid: 4242,
      program: 'sshd',
    });
  });

  it('reads rsyslog ISO file lines with microseconds', () => {
    expect(
      parseSyslogLine('2026-11-26T10:00:01.000250+00:00 lab sshd[77]: Server listening on 0.0.0.0 port 22.'),
    ).toEqual({
      tsMicros: Date.UTC(2026, 10, 26, 10, 0, 1) * 1000 + 250,
      host: 'lab',
      program: 'sshd',
      pid: 77,
      message: 'Server listening on 0.0.0.0 port 22.',
    });
  });

  it('returns undefined for lines that are not syslog, including a truncated prefix', () => {
    for (const bad of [
      '',
      'hello',
      'Nov 26 10:00',
      '<34>1 2003-10-11T22:14:15.003Z host',
      '<34>1 bad-time h a - - - m',
      '2026-13-45T99:00:00Z h x: y',
    ]) {
      expect({ bad, r: parseSyslogLine(bad) }).toEqual({ bad, r: undefined });
    }
  });
});

describe('logEventFromLine on real sshd 9.2p1 messages', () => {
  const wrappers: [string, (msg: string, i: number) => string][] = [
    ['RFC 3164', (m, i) => `Nov 26 10:00:${String(i).padStart(2, '0')} lab sshd[4242]: ${m}`],
    [
      'rsyslog ISO',
      (m, i) => `2026-11-26T10:00:${String(i).padStart(2, '0')}.000000+00:00 lab sshd[4242]: ${m}`,
    ],
    ['RFC 5424', (m, i) => `<38>1 2026-11-26T10:00:${String(i).padStart(2, '0')}Z lab sshd 4242 - - ${m}`],
  ];
  for (const [format, wrap] of wrappers) {
    it(`classifies each line (${format})`, () => {
      const events = SSHD_LINES.map((m, i) => logEventFromLine(wrap(m, i), { referenceMicros: REF }));
      expect(events.map((e) => [e?.outcome, e?.user, e?.srcIp, e?.srcPort])).toEqual([
        ['other', undefined, undefined, undefined], // Server listening on 127.0.0.1 port 2222.
        ['auth-failure', 'root', '127.0.0.1', 33508],
        ['disconnect', 'root', '127.0.0.1', 33508],
        ['invalid-user', 'nosuchuser', '127.0.0.1', 33512],
        ['other', undefined, undefined, undefined], // Could not get shadow information for NOUSER
        ['auth-failure', 'nosuchuser', '127.0.0.1', 33512],
        ['disconnect', 'nosuchuser', '127.0.0.1', 33512],
        ['auth-success', 'root', '127.0.0.1', 33526],
        ['disconnect', undefined, '127.0.0.1', 33526],
        ['disconnect', 'root', '127.0.0.1', 33526],
        ['other', undefined, undefined, undefined], // Received signal 15; terminating.
      ]);
      expect(events.every((e) => e?.source === 'auth' && e.host === 'lab' && e.program === 'sshd')).toBe(
        true,
      );
      expect(events[1]?.tsMicros).toBe(Date.UTC(2026, 10, 26, 10, 0, 1) * 1000);
    });
  }

  it('keeps other programs as plain syslog events and reads PAM failures', () => {
    expect(
      logEventFromLine('Nov 26 10:00:00 lab cron[1]: (root) CMD (true)', { referenceMicros: REF }),
    ).toMatchObject({ source: 'syslog', outcome: 'other', program: 'cron' });
    expect(
      logEventFromLine(
        'Nov 26 10:00:00 lab sshd[9]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.7  user=root',
        { referenceMicros: REF },
      ),
    ).toMatchObject({ source: 'auth', outcome: 'auth-failure', srcIp: '203.0.113.7', user: 'root' });
  });
});
