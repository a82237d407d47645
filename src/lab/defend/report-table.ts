/** The defended run's table as printed by `vigil lab run --defend`. Pure. */
import type { DefendReport, DefendRow } from './measure.js';

function cell(v: number | undefined): string {
  return v === undefined ? '-' : v.toFixed(1);
}

function bar(r: DefendRow): string {
  return r.meetsBar === undefined ? 'n/a' : r.meetsBar ? 'met' : 'NOT met';
}

export function formatDefendTable(report: DefendReport): string[] {
  const head = ['step', 'category', 'attacker -> victim', 'alert ms', 'decision ms', 'applied ms', 'effective ms', 'unanswered', 'nft drops', 'failed logins', 'bar'];
  const rows = report.rows.map((r) => [
    r.stepId,
    r.category,
    `${r.attacker} -> ${r.victim}`,
    cell(r.alertMs),
    cell(r.decisionMs),
    cell(r.appliedMs),
    r.blocked ? cell(r.effectiveMs) : 'not blocked',
    String(r.unansweredAfterLastAnswer),
    String(r.nftDroppedPackets),
    r.failedLogins === undefined ? '' : String(r.failedLogins),
    bar(r),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [line(head), ...rows.map(line)];
  out.push('times: milliseconds after the attack\'s first packet (attacker-side capture); effective = the victim\'s last answer (ack) to the attacker; unanswered = attacker packets after it never acknowledged');
  for (const b of report.benign) {
    out.push(`benign ${b.client} ${b.ip}: ${b.decisionsAgainst} block decisions, ${b.inFirewall ? 'IN the firewall' : 'never in the firewall'}`);
  }
  out.push(`all attacks blocked: ${report.allAttacksBlocked ? 'yes' : 'NO'}; no benign client blocked: ${report.noBenignBlocked ? 'yes' : 'NO'}; agent lives: ${report.agents.victim}`);
  return out;
}
