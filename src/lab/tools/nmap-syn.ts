/** nmap TCP SYN scan (T1046 Network Service Discovery). */
import { join } from 'node:path';
import { z } from 'zod';
import { defineTool } from './tool.js';

export const nmapSyn = defineTool({
  name: 'nmap-syn',
  kind: 'attack',
  category: 'scan',
  technique: 'T1046',
  description: 'nmap -sS over a port range of every target, no DNS, no host discovery',
  params: z.strictObject({
    /** nmap port spec; its size bounds the probe count. */
    ports: z.string().regex(/^[0-9,-]+$/, 'a port list such as 1-1024 or 22,80,443').default('1-1024'),
    /** nmap timing template 0-5. */
    timing: z.number().int().min(0).max(5).default(4),
    /** Probes per second at most. */
    maxRate: z.number().int().positive().max(20000).default(2000),
  }),
  targetPorts: () => undefined,
  plan: (p, ctx) => ({
    mode: 'parallel',
    commands: [
      {
        argv: [
          'nmap', '-sS', '-n', '-Pn', `-T${p.timing}`, '--max-retries', '1', '--max-rate', String(p.maxRate),
          '--host-timeout', `${ctx.maxSeconds}s`, '-p', p.ports, '-oN', join(ctx.toolDir, `${ctx.stepId}.nmap.txt`),
          ...ctx.targets.map((t) => t.ip),
        ],
      },
    ],
  }),
});
