/** Repeat offenders get longer TTLs: base * factor^(earlier offences), never above the cap. */
export interface EscalationPolicy {
  factor: number;
  maxTtlSeconds: number;
}

export function escalatedTtl(baseSeconds: number, earlierOffences: number, policy: EscalationPolicy): number {
  if (baseSeconds === 0) return 0; // "until revoked" cannot grow
  const ttl = baseSeconds * Math.pow(policy.factor, Math.max(0, earlierOffences));
  return Math.round(Math.min(ttl, Math.max(policy.maxTtlSeconds, baseSeconds)));
}
