/**
 * The decision/response part of the YAML config: allowlist, firewall, safety limits, escalation,
 * correlation windows, profiles, notifiers and playbooks. Validation errors name the field
 * (e.g. `profiles[1].ttl: "4" has no unit`), and YAML syntax errors name the line.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { parseCidr, type Cidr } from './cidr.js';
import { parseDuration } from './duration.js';

export const ACTIONS = ['block', 'rate-limit', 'quarantine', 'notify', 'escalate'] as const;
export const BACKENDS = ['nftables', 'iptables', 'dry-run'] as const;

const duration = z.string().transform((text, ctx) => {
  try {
    return parseDuration(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

const cidr = z.string().transform((text, ctx): Cidr => {
  try {
    return parseCidr(text);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

const action = z.string().refine((a) => (ACTIONS as readonly string[]).includes(a), {
  error: (issue) => `unknown action "${String(issue.input)}"; expected one of ${ACTIONS.join(', ')}`,
}) as unknown as z.ZodType<(typeof ACTIONS)[number]>;

const profile = z
  .object({
    name: z.string().min(1),
    match: z
      .object({
        categories: z.array(z.string()).optional(),
        minScore: z.number().min(0).max(1).default(0),
        entityKinds: z.array(z.enum(['ip', 'host', 'user'])).default(['ip']),
      })
      .strict()
      .default({ minScore: 0, entityKinds: ['ip'] }),
    threshold: z
      .object({ count: z.number().int().min(1), window: duration })
      .strict()
      .default({ count: 1, window: 60 }),
    action,
    ttl: duration,
    /** Packets per second for rate-limit. */
    rate: z.number().int().positive().optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.action === 'rate-limit' && p.rate === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['rate'],
        message: 'rate-limit needs a rate (packets per second)',
      });
    }
  });

const notifier = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('webhook'), url: z.url(), timeout: duration.default(5) }).strict(),
  z
    .object({
      kind: z.literal('syslog'),
      host: z.string(),
      port: z.number().int().min(1).max(65535).default(514),
      transport: z.enum(['udp', 'tcp']).default('udp'),
      appName: z.string().default('vigil'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('smtp'),
      host: z.string(),
      port: z.number().int().min(1).max(65535).default(25),
      from: z.string(),
      to: z.array(z.string()).min(1),
    })
    .strict(),
]);

const playbook = z
  .object({
    name: z.string().min(1),
    /** argv, run without a shell; the decision arrives as JSON on stdin. */
    command: z.array(z.string()).min(1),
    timeout: duration.default(30),
  })
  .strict();

export const responseConfigSchema = z
  .object({
    allowlist: z.array(cidr).default([]),
    firewall: z
      .object({
        backend: z.enum(BACKENDS),
        table: z
          .string()
          .regex(/^[a-z][a-z0-9_]{0,30}$/)
          .default('vigil'),
        /** Network namespace the firewall lives in (the lab and tests); absent = this namespace. */
        netns: z.string().optional(),
        /** Addresses quarantined hosts may still talk to; defaults to the allowlist. */
        managementCidrs: z.array(cidr).optional(),
        /**
         * nftables only: send small commits through one long-lived `nft -i` (one transaction per
         * commit, as with `nft -f`, minus a process start: ~0.5 ms instead of ~5-20 ms a decision).
         */
        session: z.boolean().default(false),
      })
      .strict()
      .optional(),
    safety: z
      .object({ maxNewBlocksPerMinute: z.number().int().min(0).default(100) })
      .strict()
      .default({ maxNewBlocksPerMinute: 100 }),
    escalation: z
      .object({ factor: z.number().min(1).default(2), maxTtl: duration.default(7 * 86_400) })
      .strict()
      .default({ factor: 2, maxTtl: 7 * 86_400 }),
    correlation: z
      .object({ duplicateWindow: duration.default(30), entityIdle: duration.default(3600) })
      .strict()
      .default({ duplicateWindow: 30, entityIdle: 3600 }),
    profiles: z.array(profile).default([]),
    notifiers: z.array(notifier).default([]),
    playbooks: z.array(playbook).default([]),
    store: z
      .object({ path: z.string().default('vigil-decisions.db') })
      .strict()
      .default({ path: 'vigil-decisions.db' }),
  })
  .strict();

export type ResponseConfig = z.output<typeof responseConfigSchema>;
export type ProfileConfig = ResponseConfig['profiles'][number];
export type NotifierConfig = ResponseConfig['notifiers'][number];
export type PlaybookConfig = ResponseConfig['playbooks'][number];

export interface ConfigIssue {
  /** Dotted path with indices, e.g. 'profiles[1].ttl'. */
  field: string;
  message: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly source: string,
    readonly issues: ConfigIssue[],
    options?: { cause?: unknown },
  ) {
    super(
      `${source}: invalid config\n${issues.map((i) => `  ${i.field}: ${i.message}`).join('\n')}`,
      options,
    );
  }
}

function fieldName(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path)
    out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out === '' ? '(root)' : out;
}

/** Validates an already-parsed object. `source` names it in errors (a file path or 'inline'). */
export function validateResponseConfig(raw: unknown, source = 'config'): ResponseConfig {
  const result = responseConfigSchema.safeParse(raw ?? {});
  if (!result.success) {
    throw new ConfigError(
      source,
      result.error.issues.map((i) => ({ field: fieldName(i.path), message: i.message })),
      { cause: result.error },
    );
  }
  return result.data;
}

/** Parses YAML text; syntax errors name the line and column. */
export function parseResponseConfig(yamlText: string, source = 'config'): ResponseConfig {
  const doc = parseDocument(yamlText, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => ({
      field: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '(yaml)',
      message: e.message.split('\n')[0] ?? e.message,
    }));
    throw new ConfigError(source, issues, { cause: doc.errors[0] });
  }
  return validateResponseConfig(doc.toJS(), source);
}

export function loadResponseConfig(path: string): ResponseConfig {
  return parseResponseConfig(readFileSync(path, 'utf8'), path);
}

/** Dry-run is the default: only a configured firewall enforces anything. */
export function isDryRun(config: ResponseConfig): boolean {
  return config.firewall === undefined || config.firewall.backend === 'dry-run';
}
