/** The tools scenarios can name, by name. To add one: a file here, then one line below. */
import { hping3SynFlood } from './hping3-syn-flood.js';
import { httpBrowse } from './http-browse.js';
import { httpFlood } from './http-flood.js';
import { hydraSsh } from './hydra-ssh.js';
import { nmapSyn } from './nmap-syn.js';
import { slowloris } from './slowloris.js';
import { sshSession } from './ssh-session.js';
import type { ToolDefinition } from './tool.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each tool has its own params type
export const toolCatalog: Record<string, ToolDefinition<any>> = Object.fromEntries(
  [nmapSyn, hping3SynFlood, hydraSsh, slowloris, httpFlood, httpBrowse, sshSession].map((t) => [t.name, t]),
);

export type { CommandSpec, StepPlan, ToolContext, ToolDefinition, StepKind } from './tool.js';
