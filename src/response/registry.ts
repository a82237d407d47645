/** Backends and notifiers by config name. No firewall configured means dry-run. */
import { isDryRun, type NotifierConfig, type ResponseConfig } from '../decision/config.js';
import type { DecisionStore } from '../store/decision-store.js';
import type { ResponseBackend } from './backend.js';
import { ResponseDispatcher } from './dispatcher.js';
import { DryRunBackend } from './dry-run/dry-run-backend.js';
import { IpsetBackend } from './ipset/ipset-backend.js';
import { NftablesBackend } from './nftables/nftables-backend.js';
import type { Notifier } from './notify/notifier.js';
import { SmtpNotifier } from './notify/smtp.js';
import { SyslogNotifier } from './notify/syslog.js';
import { WebhookNotifier } from './notify/webhook.js';

export function createBackend(
  config: ResponseConfig,
  options: { log?: (line: string) => void } = {},
): ResponseBackend {
  const safety = { allowlist: config.allowlist, maxNewBlocksPerMinute: config.safety.maxNewBlocksPerMinute };
  const fw = config.firewall;
  if (fw === undefined || fw.backend === 'dry-run')
    return new DryRunBackend({ ...safety, ...(options.log ? { log: options.log } : {}) });
  const common = {
    ...safety,
    table: fw.table,
    ...(fw.netns !== undefined ? { netns: fw.netns } : {}),
    ...(fw.managementCidrs !== undefined ? { management: fw.managementCidrs } : {}),
  };
  return fw.backend === 'nftables'
    ? new NftablesBackend({ ...common, session: fw.session })
    : new IpsetBackend(common);
}

export function createNotifier(config: NotifierConfig): Notifier {
  switch (config.kind) {
    case 'webhook':
      return new WebhookNotifier({ url: config.url, timeoutMs: config.timeout * 1000 });
    case 'syslog':
      return new SyslogNotifier({
        host: config.host,
        port: config.port,
        transport: config.transport,
        appName: config.appName,
      });
    case 'smtp':
      return new SmtpNotifier({ host: config.host, port: config.port, from: config.from, to: config.to });
  }
}

/**
 * The response side of an agent from its config: the configured backend (dry-run when none), a
 * dry-run backend for decisions marked dry-run, the notifiers and playbooks, over `store`.
 * The caller runs `init()` on the returned backend (or `restoreDecisions`) before use.
 */
export function createResponse(
  config: ResponseConfig,
  store: DecisionStore,
  options: { log?: (line: string) => void } = {},
): { dispatcher: ResponseDispatcher; backend: ResponseBackend } {
  const backend = createBackend(config, options);
  const dryRunBackend = isDryRun(config)
    ? backend
    : new DryRunBackend({
        allowlist: config.allowlist,
        maxNewBlocksPerMinute: config.safety.maxNewBlocksPerMinute,
        ...(options.log ? { log: options.log } : {}),
      });
  const dispatcher = new ResponseDispatcher({
    backend,
    dryRunBackend,
    notifiers: config.notifiers.map(createNotifier),
    playbooks: config.playbooks,
    store,
  });
  return { dispatcher, backend };
}
