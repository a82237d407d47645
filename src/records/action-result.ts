/** ActionResult: what a response backend did with a Decision; the feedback the policy learns from. */
export interface ActionResult {
  decisionId: string;
  backend: string;
  status: 'applied' | 'failed' | 'refused' | 'dry-run' | 'expired' | 'revoked';
  atMicros: number;
  detail?: string;
  /** Effect counters read back after the fact, e.g. packets dropped by a block. */
  effect?: { packets?: number; bytes?: number };
}
