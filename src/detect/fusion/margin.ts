/**
 * Puts member scores on one scale: a member's margin is (score - its threshold) / its spread on
 * the validation split. A margin >= 0 is exactly that member's own verdict "attack", so the max of
 * margins >= 0 is the OR of the members' verdicts, and the max is still a ranking score for ROC.
 */
export interface MemberScale {
  threshold: number;
  /** Standard deviation of the member's validation scores (1 when they are constant). */
  spread: number;
}

export function fitScale(threshold: number, validationScores: Float32Array): MemberScale {
  let mean = 0;
  for (const s of validationScores) mean += s;
  mean /= validationScores.length || 1;
  let v = 0;
  for (const s of validationScores) v += (s - mean) ** 2;
  const spread = Math.sqrt(v / (validationScores.length || 1));
  return { threshold, spread: spread > 1e-12 && Number.isFinite(spread) ? spread : 1 };
}

/** out[i] = max(out[i], margin of scores[i]); out starts at -Infinity. */
export function maxMarginInto(out: Float32Array, scores: Float32Array, scale: MemberScale): void {
  for (let i = 0; i < out.length; i++) {
    const m = (scores[i]! - scale.threshold) / scale.spread;
    if (m > out[i]!) out[i] = m;
  }
}
