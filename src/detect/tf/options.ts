/**
 * Config pieces shared by the neural detectors (validated with zod, defaults documented here).
 */
import { z } from 'zod';

export const thresholdRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('max-accuracy') }),
  z.object({ kind: z.literal('fpr'), fpr: z.number().min(0).max(1) }),
  z.object({ kind: z.literal('normal-quantile'), q: z.number().min(0).max(1) }),
]);

export const trainingSchema = {
  /** Upper bound on epochs; the seed paper trains for 100. */
  epochs: z.number().int().positive().default(100),
  /** Early stopping: epochs without a better validation loss before stopping. */
  patience: z.number().int().positive().default(8),
  /**
   * Stop starting new epochs after this many seconds (0 = no cap), so `vigil eval` fits its
   * 10-minute budget on a 2-core machine whatever the data size. See tf/fit.ts.
   */
  timeBudgetSeconds: z.number().min(0).default(90),
  batchSize: z.number().int().positive().default(256),
  learningRate: z.number().positive().default(1e-3),
  /** Intra-op threads for onnxruntime when scoring. */
  servingThreads: z.number().int().positive().default(1),
};

export class DetectorConfigError extends Error {
  constructor(kind: string, options: { cause: unknown }) {
    super(
      `detector ${kind}: invalid config: ${options.cause instanceof z.ZodError ? z.prettifyError(options.cause) : String(options.cause)}`,
      options,
    );
    this.name = 'DetectorConfigError';
  }
}

export function parseConfig<T extends z.ZodType>(kind: string, schema: T, config: unknown): z.output<T> {
  try {
    return schema.parse(config ?? {});
  } catch (cause) {
    throw new DetectorConfigError(kind, { cause });
  }
}
