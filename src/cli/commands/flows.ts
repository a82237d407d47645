/**
 * `vigil flows`: a capture file through decode -> flow table -> feature extractors, flows out as
 * JSON lines, CSV or Zeek conn.log TSV, and a summary on stderr.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { flowsFromCapture } from '../../flows/capture.js';
import type { CaptureFlowsSummary } from '../../flows/capture.js';
import { OUTPUT_FORMATS, footer, formatRows, header } from '../../flows/format.js';
import type { OutputFormat } from '../../flows/format.js';
import { createExtractors, FEATURE_SET_NAMES } from '../../features/registry.js';
import { defaultFlowTableOptions } from '../../flows/flow-table.js';

interface FlowsCliOptions {
  pcap: string;
  features: string;
  format: OutputFormat;
  out?: string;
  maxFlows: string;
}

export function register(program: Command): void {
  const d = defaultFlowTableOptions();
  program
    .command('flows')
    .description('read a capture file, build bidirectional flows and their features; print them (stdout or --out) and a summary (stderr): packets, flows, decode anomalies, evictions')
    .requiredOption('--pcap <file>', 'capture file: pcap or pcapng, plain or gzipped (required)')
    .option('--features <list>', `comma-separated feature sets: ${FEATURE_SET_NAMES.join(', ')}; empty for flows only`, '')
    .addOption(new Option('--format <format>', 'output format (zeek = conn.log TSV)').choices(OUTPUT_FORMATS).default('jsonl'))
    .option('--out <file>', 'write flows here instead of stdout')
    .option('--max-flows <n>', 'concurrent flows held; past it the flow nearest its timeout is evicted (counted in the summary)', String(d.maxFlows))
    .action(async (opts: FlowsCliOptions) => {
      const summary = await runFlows(opts);
      process.stderr.write(summaryText(summary));
    });
}

async function runFlows(opts: FlowsCliOptions): Promise<CaptureFlowsSummary & { seconds: number }> {
  const names = opts.features.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const extractors = createExtractors(names);
  const maxFlows = Number(opts.maxFlows);
  if (!Number.isInteger(maxFlows) || maxFlows < 1) throw new Error(`--max-flows must be a positive integer, got '${opts.maxFlows}'`);
  const out: Writable = opts.out === undefined ? process.stdout : createWriteStream(opts.out);
  const write = async (text: string): Promise<void> => {
    if (text !== '' && !out.write(text)) await once(out, 'drain');
  };
  const started = performance.now();
  await write(header(opts.format, extractors.map((e) => e.schema)));
  const { summary } = await flowsFromCapture(opts.pcap, {
    extractors,
    table: { maxFlows },
    onRows: (rows) => write(formatRows(opts.format, rows)),
  });
  await write(footer(opts.format));
  if (out !== process.stdout) {
    out.end();
    await once(out, 'finish');
  }
  return { ...summary, seconds: (performance.now() - started) / 1000 };
}

function summaryText(s: CaptureFlowsSummary & { seconds: number }): string {
  const anomalyTotal = [...s.anomalies.values()].reduce((a, b) => a + b, 0);
  const byCode = [...s.anomalies].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code}=${n}`).join(' ');
  return (
    `packets ${s.packets}  flows ${s.flows}  decode anomalies ${anomalyTotal}${byCode === '' ? '' : ` (${byCode})`}  ` +
    `evictions ${s.table.evictions}  non-IP packets ${s.table.nonIpPackets}  ` +
    `${s.seconds.toFixed(2)} s (${Math.round(s.packets / Math.max(s.seconds, 1e-9))} packets/s)\n`
  );
}
