/**
 * Detection metrics on scores and labels (1 = attack, 0 = normal). Pure functions.
 *
 * A rate whose denominator is zero (detection rate with no attacks, false alarm rate with no
 * normals, precision with no positive verdicts, ROC-AUC with one class) is NaN, never 0: a table
 * shows it as "n/a" and JSON as null, so an undefined figure is never read as a real one.
 */

export interface ConfusionMatrix {
  /** Attacks called attacks. */
  tp: number;
  /** Normals called attacks (false alarms). */
  fp: number;
  /** Normals called normal. */
  tn: number;
  /** Attacks called normal (misses). */
  fn: number;
}

export interface BinaryMetrics {
  accuracy: number;
  /** Recall on attacks: tp / (tp + fn). */
  detectionRate: number;
  /** False-positive rate on normals: fp / (fp + tn). */
  falseAlarmRate: number;
  precision: number;
  f1: number;
}

function check(scores: ArrayLike<number>, labels: ArrayLike<unknown>): void {
  if (scores.length !== labels.length) {
    throw new RangeError(`metrics: ${scores.length} scores but ${labels.length} labels`);
  }
}

/** A row is called an attack when its score is at or above the threshold (the Detector contract). */
export function confusionMatrix(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  threshold: number,
): ConfusionMatrix {
  check(scores, labels);
  const m: ConfusionMatrix = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < scores.length; i++) {
    const attack = scores[i]! >= threshold;
    if (labels[i] === 1) {
      if (attack) m.tp++;
      else m.fn++;
    } else if (attack) m.fp++;
    else m.tn++;
  }
  return m;
}

function ratio(num: number, den: number): number {
  return den === 0 ? NaN : num / den;
}

export function binaryMetrics(m: ConfusionMatrix): BinaryMetrics {
  const total = m.tp + m.fp + m.tn + m.fn;
  const detectionRate = ratio(m.tp, m.tp + m.fn);
  const precision = ratio(m.tp, m.tp + m.fp);
  let f1: number;
  if (Number.isNaN(detectionRate) || Number.isNaN(precision)) f1 = NaN;
  else if (detectionRate + precision === 0) f1 = 0;
  else f1 = (2 * precision * detectionRate) / (precision + detectionRate);
  return {
    accuracy: ratio(m.tp + m.tn, total),
    detectionRate,
    falseAlarmRate: ratio(m.fp, m.fp + m.tn),
    precision,
    f1,
  };
}

/** Indices sorted by score, highest first. */
function descendingOrder(scores: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => scores[b]! - scores[a]!);
}

/**
 * Area under the ROC curve as the Mann-Whitney statistic: the chance that a random attack scores
 * above a random normal, ties counting one half (average ranks). NaN when either class is absent.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  check(scores, labels);
  const n = scores.length;
  const order = descendingOrder(scores);
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i] === 1 ? 1 : 0;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return NaN;
  // Walk from the top; for each tie group, every attack beats the normals below the group and
  // half-beats the normals inside it.
  let negativesSeen = 0;
  let wins = 0;
  for (let k = 0; k < n;) {
    const s = scores[order[k]!]!;
    let pos = 0;
    let neg = 0;
    while (k < n && scores[order[k]!]! === s) {
      if (labels[order[k]!] === 1) pos++;
      else neg++;
      k++;
    }
    const negativesBelow = negatives - negativesSeen - neg;
    wins += pos * negativesBelow + pos * neg * 0.5;
    negativesSeen += neg;
  }
  return wins / (positives * negatives);
}

export interface RocPoint {
  /** The threshold that gives this point (score >= threshold is an attack). */
  threshold: number;
  fpr: number;
  tpr: number;
}

/**
 * ROC curve: one point per distinct score, from (0,0) (threshold +Infinity) to (1,1). Tied scores
 * move the curve diagonally, which is what makes its trapezoid area equal rocAuc.
 */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): RocPoint[] {
  check(scores, labels);
  const n = scores.length;
  const order = descendingOrder(scores);
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i] === 1 ? 1 : 0;
  const negatives = n - positives;
  const points: RocPoint[] = [{ threshold: Infinity, fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < n;) {
    const s = scores[order[k]!]!;
    while (k < n && scores[order[k]!]! === s) {
      if (labels[order[k]!] === 1) tp++;
      else fp++;
      k++;
    }
    points.push({ threshold: s, fpr: ratio(fp, negatives), tpr: ratio(tp, positives) });
  }
  return points;
}

/**
 * At most `max` points of a curve for plotting and JSON, keeping both ends and the points where the
 * curve moves most (a 22k-point curve draws the same as 200 well-chosen ones).
 */
export function thinCurve(points: readonly RocPoint[], max = 200): RocPoint[] {
  if (points.length <= max) return points.slice();
  const out: RocPoint[] = [points[0]!];
  // A monotone path from (0,0) to (1,1) has L1 length 2, so this step keeps at most max-2 inner points.
  const step = 2 / (max - 2);
  let last = points[0]!;
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i]!;
    if (Math.abs(p.fpr - last.fpr) + Math.abs(p.tpr - last.tpr) >= step) {
      out.push(p);
      last = p;
    }
  }
  out.push(points[points.length - 1]!);
  return out;
}

export interface CategoryRate {
  category: string;
  rows: number;
  /** Rows of this category called attacks. */
  detected: number;
  /** detected / rows. */
  rate: number;
}

/**
 * Detection rate per attack category ('dos', 'probe', ... or UNSW's attack_cat), sorted by name.
 * The normal category is left out: its rate would be the false alarm rate, reported apart.
 */
export function perCategoryDetection(
  scores: ArrayLike<number>,
  categories: readonly string[],
  threshold: number,
  normalCategory = 'normal',
): CategoryRate[] {
  check(scores, categories);
  const byCat = new Map<string, { rows: number; detected: number }>();
  for (let i = 0; i < scores.length; i++) {
    const cat = categories[i]!;
    if (cat === normalCategory) continue;
    let c = byCat.get(cat);
    if (!c) byCat.set(cat, (c = { rows: 0, detected: 0 }));
    c.rows++;
    if (scores[i]! >= threshold) c.detected++;
  }
  return [...byCat.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([category, c]) => ({ category, rows: c.rows, detected: c.detected, rate: c.detected / c.rows }));
}
