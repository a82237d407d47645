/** Preprocessing options, their defaults, and validation. */

export interface PreprocessOptions {
  /**
   * Numeric columns to scale with log1p (sign-preserving: sign(x)·log1p(|x|), so a negative value at
   * scoring time cannot produce NaN). 'auto' picks the heavy-tailed columns of the *training* rows:
   * minimum ≥ 0, maximum ≥ `logAutoMinMax` and skewness ≥ `logAutoMinSkew` (byte and packet counts,
   * durations, loads). A list names the columns; [] turns log scaling off.
   * @default 'auto'
   */
  logScale?: 'auto' | readonly string[];
  /** 'auto' log rule: the column's training maximum must reach this. @default 100 */
  logAutoMinMax?: number;
  /** 'auto' log rule: the column's training skewness must reach this. @default 2 */
  logAutoMinSkew?: number;
  /**
   * Outlier clipping: values are clipped to the [1 - q, q] quantiles of the training rows (after log
   * scaling; linear interpolation between order statistics). When both quantiles are equal (a column
   * that is almost always one value, e.g. `num_failed_logins`), the training [min, max] is used
   * instead, so a rare but telling value is not flattened into the common one. Values outside the
   * training range are always clipped into it. `false` turns clipping off.
   * @default 0.999
   */
  clipQuantile?: number | false;
  /** Drop numeric columns that are constant on the training rows (they carry no information). @default true */
  dropConstant?: boolean;
  /** Categories seen on fewer training rows than this share the '<other>' bucket. @default 1 */
  minCategoryCount?: number;
}

export type ResolvedPreprocessOptions = Required<Omit<PreprocessOptions, 'logScale'>> & {
  logScale: 'auto' | string[];
};

export function defaultPreprocessOptions(): ResolvedPreprocessOptions {
  return {
    logScale: 'auto',
    logAutoMinMax: 100,
    logAutoMinSkew: 2,
    clipQuantile: 0.999,
    dropConstant: true,
    minCategoryCount: 1,
  };
}

export class PreprocessOptionsError extends Error {
  constructor(detail: string) {
    super(`preprocess options: ${detail}`);
    this.name = 'PreprocessOptionsError';
  }
}

export function resolvePreprocessOptions(opts: PreprocessOptions = {}): ResolvedPreprocessOptions {
  const d = defaultPreprocessOptions();
  const r: ResolvedPreprocessOptions = {
    logScale: opts.logScale === undefined || opts.logScale === 'auto' ? 'auto' : [...opts.logScale],
    logAutoMinMax: opts.logAutoMinMax ?? d.logAutoMinMax,
    logAutoMinSkew: opts.logAutoMinSkew ?? d.logAutoMinSkew,
    clipQuantile: opts.clipQuantile ?? d.clipQuantile,
    dropConstant: opts.dropConstant ?? d.dropConstant,
    minCategoryCount: opts.minCategoryCount ?? d.minCategoryCount,
  };
  if (r.clipQuantile !== false && !(r.clipQuantile > 0.5 && r.clipQuantile <= 1)) {
    throw new PreprocessOptionsError(`clipQuantile must be in (0.5, 1] or false, got ${r.clipQuantile}`);
  }
  if (!Number.isInteger(r.minCategoryCount) || r.minCategoryCount < 1) {
    throw new PreprocessOptionsError(`minCategoryCount must be an integer ≥ 1, got ${r.minCategoryCount}`);
  }
  if (!Number.isFinite(r.logAutoMinMax) || !Number.isFinite(r.logAutoMinSkew)) {
    throw new PreprocessOptionsError('logAutoMinMax and logAutoMinSkew must be finite numbers');
  }
  return r;
}
