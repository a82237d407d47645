/** What an sshd log message says about authentication: outcome, user, source address and port. */
import type { LogOutcome } from '../../records/log-event.js';

export interface SshdFacts {
  outcome: LogOutcome;
  user?: string;
  srcIp?: string;
  srcPort?: number;
}

const ADDR = String.raw`(\S+) port (\d+)`;
/** Ordered: the first pattern that matches decides (e.g. "Failed ... invalid user" before "Failed ..."). */
const PATTERNS: [RegExp, LogOutcome, { user?: number; ip: number; port: number }][] = [
  [new RegExp(`^Accepted \\S+ for (\\S+) from ${ADDR}`), 'auth-success', { user: 1, ip: 2, port: 3 }],
  [
    new RegExp(`^Failed \\S+ for invalid user (.*?) from ${ADDR}`),
    'auth-failure',
    { user: 1, ip: 2, port: 3 },
  ],
  [new RegExp(`^Failed \\S+ for (\\S+) from ${ADDR}`), 'auth-failure', { user: 1, ip: 2, port: 3 }],
  [new RegExp(`^Invalid user (.*?) from ${ADDR}`), 'invalid-user', { user: 1, ip: 2, port: 3 }],
  [
    new RegExp(`^error: maximum authentication attempts exceeded for (?:invalid user )?(.*?) from ${ADDR}`),
    'auth-failure',
    { user: 1, ip: 2, port: 3 },
  ],
  [
    new RegExp(`^Disconnected from (?:authenticating |invalid )?user (.*?) ${ADDR}`),
    'disconnect',
    { user: 1, ip: 2, port: 3 },
  ],
  [
    new RegExp(`^Connection closed by (?:authenticating |invalid )?user (.*?) ${ADDR}`),
    'disconnect',
    { user: 1, ip: 2, port: 3 },
  ],
  [new RegExp(`^Received disconnect from ${ADDR}`), 'disconnect', { ip: 1, port: 2 }],
  [new RegExp(`^Connection (?:closed|reset) by ${ADDR}`), 'disconnect', { ip: 1, port: 2 }],
  [new RegExp(`^Disconnected from ${ADDR}`), 'disconnect', { ip: 1, port: 2 }],
];
const PAM_FAILURE = /authentication failure;.*\brhost=(\S+)(?:\s+user=(\S+))?/;

export function classifySshdMessage(message: string): SshdFacts {
  for (const [re, outcome, groups] of PATTERNS) {
    const m = re.exec(message);
    if (m === null) continue;
    const facts: SshdFacts = { outcome, srcIp: m[groups.ip] as string, srcPort: Number(m[groups.port]) };
    if (groups.user !== undefined) facts.user = m[groups.user] as string;
    return facts;
  }
  const pam = PAM_FAILURE.exec(message);
  if (pam !== null) {
    const facts: SshdFacts = { outcome: 'auth-failure', srcIp: pam[1] as string };
    if (pam[2] !== undefined) facts.user = pam[2];
    return facts;
  }
  return { outcome: 'other' };
}
