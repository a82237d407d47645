/**
 * Scoring speed of a trained detector: batched throughput (flows/s) and single-flow latency
 * percentiles. These are the figures `vigil eval` and `npm run bench:detect` print; tests never
 * assert on them (timings on a shared 2-core machine are not test material).
 */
import { sliceBatch, type FeatureBatch } from '../records/index.js';

/** What the timing needs from a detector: only scoring. */
export interface Scorer {
  score(batch: FeatureBatch): Promise<Float32Array>;
}

export interface ScoringTiming {
  /** Rows scored per second in batched calls. */
  flowsPerSecond: number;
  /** Rows per batched call. */
  batchRows: number;
  /** Single-row call latency percentiles, microseconds. */
  latencyP50Us: number;
  latencyP99Us: number;
  /** Single-row calls timed. */
  latencySamples: number;
}

export interface TimingOptions {
  /** Rows per batched call. @default 65536 */
  batchRows?: number;
  /** Keep re-scoring the batch until this much time has passed. @default 0.5 */
  minSeconds?: number;
  /** Single-row calls to time. @default 2000 */
  latencyCalls?: number;
  /** Stop timing single rows after this long, whatever the count. @default 2 */
  latencyMaxSeconds?: number;
}

function nowSeconds(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

/** Nearest-rank percentile (q in 0..1) of an ascending-sorted array. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

/** Batched throughput: chunks of batchRows, cycling through the batch, until minSeconds have passed (at least one chunk). */
export async function measureThroughput(
  detector: Scorer,
  batch: FeatureBatch,
  opts: Pick<TimingOptions, 'batchRows' | 'minSeconds'> = {},
): Promise<{ flowsPerSecond: number; batchRows: number }> {
  const batchRows = Math.min(opts.batchRows ?? 65536, batch.rows);
  const minSeconds = opts.minSeconds ?? 0.5;
  if (batch.rows === 0) throw new RangeError('measureThroughput: empty batch');
  // Warm-up (JIT, kernels, session) on a small slice: a slow model should not pay a full extra pass.
  await detector.score(sliceBatch(batch, 0, Math.min(1024, batch.rows)));
  let rows = 0;
  const start = nowSeconds();
  let elapsed: number;
  let r = 0;
  do {
    const end = Math.min(batch.rows, r + batchRows);
    await detector.score(sliceBatch(batch, r, end));
    rows += end - r;
    r = end === batch.rows ? 0 : end;
    elapsed = nowSeconds() - start;
  } while (elapsed < minSeconds);
  return { flowsPerSecond: rows / elapsed, batchRows };
}

/** Single-row latency: one call per row, cycling through the batch, after a short warm-up. */
export async function measureLatency(
  detector: Scorer,
  batch: FeatureBatch,
  opts: Pick<TimingOptions, 'latencyCalls' | 'latencyMaxSeconds'> = {},
): Promise<{ p50Us: number; p99Us: number; samples: number }> {
  const calls = opts.latencyCalls ?? 2000;
  const maxSeconds = opts.latencyMaxSeconds ?? 2;
  if (batch.rows === 0) throw new RangeError('measureLatency: empty batch');
  for (let i = 0; i < Math.min(50, calls); i++)
    await detector.score(sliceBatch(batch, i % batch.rows, (i % batch.rows) + 1));
  const samples: number[] = [];
  const deadline = nowSeconds() + maxSeconds;
  for (let i = 0; i < calls; i++) {
    const r = i % batch.rows;
    const one = sliceBatch(batch, r, r + 1);
    const t0 = process.hrtime.bigint();
    await detector.score(one);
    samples.push(Number(process.hrtime.bigint() - t0) / 1e3);
    if ((i & 63) === 63 && nowSeconds() > deadline) break;
  }
  samples.sort((a, b) => a - b);
  return { p50Us: percentile(samples, 0.5), p99Us: percentile(samples, 0.99), samples: samples.length };
}

export async function measureScoring(
  detector: Scorer,
  batch: FeatureBatch,
  opts: TimingOptions = {},
): Promise<ScoringTiming> {
  const t = await measureThroughput(detector, batch, opts);
  const l = await measureLatency(detector, batch, opts);
  return {
    flowsPerSecond: t.flowsPerSecond,
    batchRows: t.batchRows,
    latencyP50Us: l.p50Us,
    latencyP99Us: l.p99Us,
    latencySamples: l.samples,
  };
}
