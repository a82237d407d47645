import { z } from 'zod';
import { thresholdRuleSchema, trainingSchema } from '../tf/options.js';

export const autoencoderConfigSchema = z
  .object({
    ...trainingSchema,
    /**
     * Encoder widths; the last is the linear bottleneck, the decoder mirrors the others
     * (e.g. [64, 16] -> d-64-16-64-d).
     */
    encoder: z.array(z.number().int().positive()).min(1).default([64, 16]),
    /**
     * The threshold is a quantile of reconstruction errors on the validation split's NORMAL rows:
     * q is the share of normal traffic let through, so 1-q is the false-alarm rate we expect on
     * traffic like the training normals (see README.md for the measured trade-off).
     */
    threshold: thresholdRuleSchema.default({ kind: 'normal-quantile', q: 0.97 }),
  })
  .strict();

export type AutoencoderConfig = z.output<typeof autoencoderConfigSchema>;
