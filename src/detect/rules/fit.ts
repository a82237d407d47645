/**
 * Fits each rule's threshold on training rows: the loosest cut whose precision on training data is
 * at least `minPrecision` and that fires on at least `minSupport` of attacks. A rule that cannot
 * reach that precision is dropped rather than kept as noise.
 */
import type { FittedRule, RuleTemplate } from './rules.js';

export interface RuleFitOptions {
  /** @default 0.95 */
  minPrecision: number;
  /** @default 0.002 (0.2% of training attacks) */
  minSupport: number;
}

export function fitRule(
  template: RuleTemplate,
  values: Float32Array,
  labels: Uint8Array,
  opts: RuleFitOptions,
): FittedRule | undefined {
  const n = values.length;
  const sign = template.direction === 'high' ? 1 : -1;
  // Sort rows from most to least suspicious; sweep the cut over distinct values.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => sign * (values[b]! - values[a]!));
  let attacks = 0;
  for (let i = 0; i < n; i++) attacks += labels[i]!;
  if (attacks === 0) return undefined;
  let tp = 0;
  let fired = 0;
  let best: FittedRule | undefined;
  for (let k = 0; k < n; ) {
    const v = values[order[k]!]!;
    while (k < n && values[order[k]!]! === v) {
      tp += labels[order[k]!]!;
      fired++;
      k++;
    }
    const precision = tp / fired;
    const support = tp / attacks;
    if (precision >= opts.minPrecision && support >= opts.minSupport) {
      best = { ...template, threshold: v, precision, support };
    }
    // Once precision has fallen well below the bar, looser cuts will not recover it.
    if (precision < opts.minPrecision * 0.5 && fired > 1000) break;
  }
  return best;
}

export function ruleFires(rule: FittedRule, value: number): boolean {
  return rule.direction === 'high' ? value >= rule.threshold : value <= rule.threshold;
}
