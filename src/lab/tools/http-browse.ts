/** Benign web use: single GETs of a few pages on both HTTP services, at a human-ish pace. */
import { z } from 'zod';
import { defineTool } from './tool.js';

export const httpBrowse = defineTool({
  name: 'http-browse',
  kind: 'benign',
  category: 'benign',
  description: 'curl GET of a random page on a random HTTP port of the targets, one request at a time',
  params: z.strictObject({
    /** Requests in total. */
    count: z.number().int().positive().max(10_000),
    /** Mean pause between requests; each pause is drawn from 0.5x to 1.5x. */
    intervalMs: z.number().int().min(20).max(60_000).default(500),
    ports: z.array(z.number().int().min(1).max(65535)).min(1).default([80, 8080]),
    paths: z.array(z.string().startsWith('/')).min(1).default(['/', '/about.html', '/news.html', '/notes.txt']),
  }),
  targetPorts: (p) => p.ports,
  plan: (p, ctx) => ({
    mode: 'repeat',
    count: p.count,
    intervalMs: p.intervalMs,
    perCallSeconds: 5,
    command: (i, rng) => {
      const target = ctx.targets[i % ctx.targets.length]!;
      const port = p.ports[Math.floor(rng() * p.ports.length)]!;
      const path = p.paths[Math.floor(rng() * p.paths.length)]!;
      return { argv: ['curl', '-s', '-o', '/dev/null', '--max-time', '5', `http://${target.ip}:${port}${path}`] };
    },
  }),
});
