/** Fitting one column's plan from the training values only. Pure functions. */
import { moments, quantilePairSorted, signedLog1p } from './column-stats.js';
import type { CategoricalPlan, DroppedPlan, NumericPlan } from './column-plan.js';
import type { ResolvedPreprocessOptions } from './options.js';

/** Whether the 'auto' rule calls this raw training column heavy-tailed. */
export function isHeavyTailed(raw: Float64Array, opts: ResolvedPreprocessOptions): boolean {
  const m = moments(raw);
  return m.n > 0 && m.min >= 0 && m.max >= opts.logAutoMinMax && m.skewness >= opts.logAutoMinSkew;
}

export function fitNumeric(
  name: string,
  column: Float64Array,
  log: boolean,
  opts: ResolvedPreprocessOptions,
): NumericPlan | DroppedPlan {
  const finite = finiteValues(column);
  if (finite.length === 0) {
    // Nothing to learn from: keep the column as 0 so that its schema is stable.
    return opts.dropConstant
      ? { name, kind: 'numeric', keep: false, reason: 'constant', value: 0 }
      : { name, kind: 'numeric', keep: true, log, clipLow: 0, clipHigh: 0, mean: 0, scale: 1 };
  }
  if (log) for (let i = 0; i < finite.length; i++) finite[i] = signedLog1p(finite[i]!);
  finite.sort();
  const min = finite[0]!;
  const max = finite[finite.length - 1]!;
  if (min === max && opts.dropConstant) {
    return {
      name,
      kind: 'numeric',
      keep: false,
      reason: 'constant',
      value: column.find(Number.isFinite) ?? 0,
    };
  }
  // ±MAX_VALUE rather than ±Infinity: JSON has no Infinity, and the plan is saved as JSON.
  let clipLow = -Number.MAX_VALUE;
  let clipHigh = Number.MAX_VALUE;
  if (opts.clipQuantile !== false) {
    [clipLow, clipHigh] = quantilePairSorted(finite, opts.clipQuantile);
    // A column almost always one value: quantiles would flatten its rare values into the common one.
    if (clipLow === clipHigh) {
      clipLow = min;
      clipHigh = max;
    }
  }
  for (let i = 0; i < finite.length; i++) finite[i] = Math.min(Math.max(finite[i]!, clipLow), clipHigh);
  const m = moments(finite);
  return {
    name,
    kind: 'numeric',
    keep: true,
    log,
    clipLow,
    clipHigh,
    mean: m.mean,
    scale: m.std > 0 ? m.std : 1,
  };
}

export function fitCategorical(
  name: string,
  column: readonly string[],
  opts: ResolvedPreprocessOptions,
): CategoricalPlan {
  const counts = new Map<string, number>();
  for (const v of column) counts.set(v, (counts.get(v) ?? 0) + 1);
  const categories = [...counts.entries()]
    .filter(([, n]) => n >= opts.minCategoryCount)
    .map(([v]) => v)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { name, kind: 'categorical', categories };
}

function finiteValues(column: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < column.length; i++) if (Number.isFinite(column[i]!)) n++;
  if (n === column.length) return column.slice();
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < column.length; i++) if (Number.isFinite(column[i]!)) out[k++] = column[i]!;
  return out;
}
