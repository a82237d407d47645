import { z } from 'zod';
import { thresholdRuleSchema, trainingSchema } from '../tf/options.js';

export const autoencoderConfigSchema = z
  .object({
    ...trainingSchema,
    /**
     * Encoder widths; the last is the linear bottleneck, the decoder mirrors the others
     * (e.g. [32, 8] -> d-32-8-32-d). A narrow bottleneck reconstructs unseen traffic poorly,
     * which is the point; see README.md for the sizes measured.
     */
    encoder: z.array(z.number().int().positive()).min(1).default([32, 8]),
    /** Fewer than the MLP's 100: reconstruction converges sooner, and 30 fits the time budget on 2 cores. */
    epochs: z.number().int().positive().default(30),
    /**
     * Weigh each feature's squared residual by 1 / (its mean squared residual on the training
     * normals), floored at 10% of the mean over features, so features the model reconstructs
     * poorly even on normal traffic do not drown the ones it reconstructs well. Fitted on the
     * training rows only.
     */
    residualScaling: z.boolean().default(true),
    /**
     * The threshold is a quantile of reconstruction errors on the validation split's NORMAL rows:
     * q is the share of normal traffic let through, so 1-q is the false-alarm rate we expect on
     * traffic like the training normals (see README.md for the measured trade-off).
     */
    threshold: thresholdRuleSchema.default({ kind: 'normal-quantile', q: 0.97 }),
  })
  .strict();

export type AutoencoderConfig = z.output<typeof autoencoderConfigSchema>;
