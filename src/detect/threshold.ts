/**
 * Threshold rules. Each one is fitted on validation scores from the training data and stored in
 * the artefact with its name, so a reader of a report knows exactly how verdicts were made.
 */
export type ThresholdRule =
  /** Maximise accuracy on the validation split; ties go to the middle of the widest optimal interval. */
  | { kind: 'max-accuracy' }
  /** Lowest threshold whose false-positive rate on validation normals is at most `fpr`. */
  | { kind: 'fpr'; fpr: number }
  /** The given quantile of scores on validation normals (for detectors trained on normal only). */
  | { kind: 'normal-quantile'; q: number };

export function describeRule(rule: ThresholdRule): string {
  switch (rule.kind) {
    case 'max-accuracy':
      return 'max-accuracy on validation split (midpoint of the widest tied interval)';
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
  // Sweep the cuts from high to low over the distinct scores. Cut j calls the j highest distinct
  // scores attacks; every threshold in (next lower score, lowest attack score] gives the same verdicts.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i] === 1 ? 1 : 0;
  const negatives = n - positives;
  const distinct: number[] = [];
  const accuracy: number[] = [negatives / n]; // cut 0: nothing is an attack
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < n; ) {
    const s = scores[order[k]!]!;
    while (k < n && scores[order[k]!]! === s) {
      if (labels[order[k]!] === 1) tp++;
      else fp++;
      k++;
    }
    if (rule.kind === 'fpr' && negatives > 0 && fp / negatives > rule.fpr) break;
    distinct.push(s);
    accuracy.push((tp + (negatives - fp)) / n);
  }
  if (rule.kind === 'fpr') {
    // The loosest cut still within the false-positive budget.
    return distinct.length > 0 ? distinct[distinct.length - 1]! : nextUp(scores[order[0]!]!);
  }
  return maxMarginCut(distinct, accuracy, scores[order[n - 1]!]!);
}

/**
 * Among the cuts of highest validation accuracy, the widest contiguous run of them, and the
 * threshold in the middle of the score interval it spans: the max-margin choice, so a tie on the
 * validation split does not silently pick its most extreme end.
 */
function maxMarginCut(distinct: number[], accuracy: number[], lowest: number): number {
  const best = Math.max(...accuracy);
  // The thresholds that realise cut j lie in (lower(j), upper(j)].
  const upper = (j: number): number => (j === 0 ? nextUp(distinct[0]!) : distinct[j - 1]!);
  const lower = (j: number): number => (j < distinct.length ? distinct[j]! : Math.min(lowest, upper(j)) - 1);
  let bestLo = 0;
  let bestHi = 0;
  let bestSpan = -1;
  for (let j = 0; j < accuracy.length; ) {
    if (accuracy[j] !== best) {
      j++;
      continue;
    }
    const start = j;
    while (j < accuracy.length && accuracy[j] === best) j++;
    const hi = upper(start);
    const lo = j - 1 < distinct.length ? lower(j - 1) : upper(j - 1);
    // Relative tolerance: equal widths computed in floating point must tie, and ties keep the higher run.
    if (hi - lo > bestSpan * (1 + 1e-9)) {
      bestSpan = hi - lo;
      bestHi = hi;
      bestLo = lo;
    }
  }
  const mid = bestLo + (bestHi - bestLo) / 2;
  // Keep the threshold strictly above the interval's open lower end.
  return mid > bestLo ? mid : bestHi;
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
