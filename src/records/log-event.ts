/** LogEvent: one host log line (sshd auth, syslog) reduced to what detection needs. */
export type LogOutcome = 'auth-failure' | 'auth-success' | 'invalid-user' | 'disconnect' | 'other';

export interface LogEvent {
  source: 'auth' | 'syslog' | 'eve' | string;
  /** Event time, microseconds since the Unix epoch. */
  tsMicros: number;
  host: string;
  program?: string;
  user?: string;
  outcome: LogOutcome;
  srcIp?: string;
  srcPort?: number;
  /** Id of the flow this event was linked to (by IP, port and time), when one matched. */
  flowId?: string;
  /** The raw line, kept for evidence. */
  raw: string;
}
