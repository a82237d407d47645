/**
 * The ground truth a lab run writes (labels.json): for every step its time window, source and target
 * addresses, category and tool, plus where the run's captures and logs are. Readers validate it with
 * the same schema, so a damaged or foreign file is a clear error naming the field.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { LabError } from './errors.js';

const endpointSchema = z.object({ host: z.string(), ip: z.string() });

export const stepLabelSchema = z.object({
  id: z.string(),
  tool: z.string(),
  kind: z.enum(['attack', 'benign']),
  /** AttackCategory for attacks ('scan', 'flood', 'brute-force', 'slow-dos'), 'benign' otherwise. */
  category: z.string(),
  technique: z.string().optional(),
  source: endpointSchema,
  targets: z.array(endpointSchema),
  /** Victim-side ports of the step's traffic; absent means any port (a scan). */
  targetPorts: z.array(z.number()).optional(),
  background: z.boolean(),
  /** From the first command's start to the last command's end, microseconds since the epoch. */
  windowStartMicros: z.number(),
  windowEndMicros: z.number(),
  windowStart: z.string(),
  windowEnd: z.string(),
  maxSeconds: z.number(),
  params: z.unknown(),
  /** What ran: an example argv, how many times, and the exit codes seen (124 = stopped by its time bound). */
  commands: z.object({ argvExample: z.array(z.string()), runs: z.number(), exitCodes: z.record(z.string(), z.number()) }),
  timedOut: z.boolean(),
});

export const runLabelsSchema = z.object({
  format: z.literal('vigil-lab-labels/1'),
  scenario: z.string(),
  scenarioFile: z.string(),
  description: z.string(),
  startMicros: z.number(),
  endMicros: z.number(),
  startedAt: z.string(),
  endedAt: z.string(),
  machine: z.object({ hostname: z.string(), kernel: z.string(), node: z.string() }),
  hosts: z.array(z.object({ name: z.string(), role: z.string(), ip: z.string(), ns: z.string() })),
  /** Slack the labelling rule adds around each window (see src/lab/README.md). */
  slackMicros: z.number(),
  captures: z.array(
    z.object({
      host: z.string(),
      ip: z.string(),
      file: z.string(),
      snaplen: z.number(),
      packetsCaptured: z.number().optional(),
      packetsDroppedByKernel: z.number().optional(),
    }),
  ),
  authLogs: z.array(z.object({ host: z.string(), file: z.string(), lines: z.number() })),
  accessLogs: z.array(z.object({ host: z.string(), file: z.string(), lines: z.number() })),
  steps: z.array(stepLabelSchema),
  /** True when the run was interrupted; windows of unfinished steps end at the interruption. */
  aborted: z.boolean(),
});

export type StepLabel = z.infer<typeof stepLabelSchema>;
export type RunLabels = z.infer<typeof runLabelsSchema>;

export const LABELS_FILE = 'labels.json';
/** One second each side: covers process start-up before the first packet and packets in flight at exit. */
export const DEFAULT_SLACK_MICROS = 1_000_000;

export async function readLabels(file: string): Promise<RunLabels> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new LabError(`cannot read labels ${file}`, { cause: err });
  }
  const parsed = runLabelsSchema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new LabError(`labels ${file} invalid at ${i?.path.join('.') || '(top level)'}: ${i?.message ?? ''}`);
  }
  return parsed.data;
}
