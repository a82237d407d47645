/**
 * Emergency playbook: operator-configured commands (isolate a segment, start a standby service,
 * snapshot a host) run without a shell, with the decision as JSON on stdin and a time limit.
 * A command that outlives its limit is killed (by its own PID) and reported as failed.
 */
import type { PlaybookConfig } from '../decision/config.js';
import type { ActionResult, Decision } from '../records/index.js';
import { runCommand, type Runner } from './exec.js';

export async function runPlaybook(
  playbook: PlaybookConfig,
  decision: Decision,
  nowMicros: number,
  runner: Runner = runCommand,
): Promise<ActionResult> {
  const base = { decisionId: decision.id, backend: `playbook:${playbook.name}`, atMicros: nowMicros };
  try {
    const r = await runner(playbook.command, {
      stdin: JSON.stringify(decision) + '\n',
      timeoutMs: playbook.timeout * 1000,
      ownGroup: true,
    });
    const out = tail(r.stdout || r.stderr);
    if (r.timedOut)
      return {
        ...base,
        status: 'failed',
        detail: `timed out after ${playbook.timeout}s; killed${out ? `; ${out}` : ''}`,
      };
    if (r.code !== 0)
      return { ...base, status: 'failed', detail: `exit ${r.code ?? r.signal}${out ? `: ${out}` : ''}` };
    return { ...base, status: 'applied', ...(out ? { detail: out } : {}) };
  } catch (err) {
    return { ...base, status: 'failed', detail: (err as Error).message };
  }
}

function tail(text: string, max = 500): string {
  const t = text.trim();
  return t.length > max ? `...${t.slice(-max)}` : t;
}
