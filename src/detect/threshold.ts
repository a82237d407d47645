/**
 * Threshold rules. Each one is fitted on validation scores from the training data and stored in
 * the artefact with its name, so a reader of a report knows exactly how verdicts were made.
 */
export type ThresholdRule =
  /** Maximise accuracy on the validation split. */
  | { kind: 'max-accuracy' }
  /** Lowest threshold whose false-positive rate on validation normals is at most `fpr`. */
  | { kind: 'fpr'; fpr: number }
  /** The given quantile of scores on validation normals (for detectors trained on normal only). */
  | { kind: 'normal-quantile'; q: number };

export function describeRule(rule: ThresholdRule): string {
  switch (rule.kind) {
    case 'max-accuracy':
      return 'max-accuracy on validation split';
    case 'fpr':
      return `FPR<=${rule.fpr} on validation normals`;
    case 'normal-quantile':
      return `quantile ${rule.q} of validation-normal scores`;
  }
}

export function fitThreshold(scores: ArrayLike<number>, labels: ArrayLike<number>, rule: ThresholdRule): number {
  const n = scores.length;
  if (n === 0 || labels.length !== n) throw new RangeError('fitThreshold: need as many labels as scores, and at least one');
  if (rule.kind === 'normal-quantile') {
    const normals: number[] = [];
    for (let i = 0; i < n; i++) if (labels[i] === 0) normals.push(scores[i]!);
    if (normals.length === 0) throw new RangeError('fitThreshold: no normal rows in validation split');
    normals.sort((a, b) => a - b);
    const idx = Math.min(normals.length - 1, Math.max(0, Math.ceil(rule.q * normals.length) - 1));
    return nextUp(normals[idx]!);
  }
  // Sweep thresholds from high to low over the sorted scores.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i] === 1 ? 1 : 0;
  const negatives = n - positives;
  let tp = 0;
  let fp = 0;
  let bestT = nextUp(scores[order[0]!]!); // call nothing an attack
  let bestAcc = negatives / n;
  for (let k = 0; k < n; ) {
    const s = scores[order[k]!]!;
    // take every row tied at this score together
    while (k < n && scores[order[k]!]! === s) {
      if (labels[order[k]!] === 1) tp++;
      else fp++;
      k++;
    }
    if (rule.kind === 'fpr') {
      if (negatives > 0 && fp / negatives > rule.fpr) break;
      bestT = s;
    } else {
      const acc = (tp + (negatives - fp)) / n;
      if (acc > bestAcc) {
        bestAcc = acc;
        bestT = s;
      }
    }
  }
  return bestT;
}

/** Smallest float64 strictly above x: a threshold that excludes x itself. */
function nextUp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE;
  const buf = new Float64Array([x]);
  const bits = new BigInt64Array(buf.buffer);
  bits[0] = x > 0 ? bits[0]! + 1n : bits[0]! - 1n;
  return buf[0]!;
}
