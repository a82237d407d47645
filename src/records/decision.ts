/** Decision: what the policy wants done about an entity, for how long, and why. */
export type ActionKind = 'block' | 'rate-limit' | 'quarantine' | 'notify' | 'escalate';

export interface Decision {
  id: string;
  createdMicros: number;
  action: ActionKind;
  /** IP, CIDR or host name. */
  target: string;
  /** Time to live in seconds; 0 means until revoked. */
  ttlSeconds: number;
  reason: string;
  alertIds: string[];
  origin: 'profile' | 'rule' | 'dqn' | 'marl' | 'planner' | 'operator';
  dryRun: boolean;
  /** For rate-limit: packets per second allowed. */
  rate?: number;
}
