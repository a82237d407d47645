/**
 * Config files for the victims' real services (nginx, sshd) and their web content. Pure text builders:
 * every path points into the lab's state directory, so the services never read or write the host's
 * /etc/nginx, /var/log or /etc/ssh keys.
 */
import { join } from 'node:path';
import { SERVICE_PORTS } from './topology.js';

export interface VictimPaths {
  dir: string;
  nginxConf: string;
  nginxPid: string;
  nginxErrorLog: string;
  nginxAccessLog: string;
  nginxTemp: string;
  www: string;
  wwwAlt: string;
  httpAltLog: string;
  sshdConf: string;
  sshdPid: string;
  sshdHostKey: string;
  /** sshd's stderr, each line stamped with its arrival time (see stamp.ts). */
  authLog: string;
  stamperErr: string;
}

export function victimPaths(stateDir: string, host: string): VictimPaths {
  const dir = join(stateDir, host);
  return {
    dir,
    nginxConf: join(dir, 'nginx.conf'),
    nginxPid: join(dir, 'nginx.pid'),
    nginxErrorLog: join(dir, 'nginx-error.log'),
    nginxAccessLog: join(dir, 'nginx-access.log'),
    nginxTemp: join(dir, 'nginx-temp'),
    www: join(dir, 'www'),
    wwwAlt: join(dir, 'www-alt'),
    httpAltLog: join(dir, 'http-alt.log'),
    sshdConf: join(dir, 'sshd_config'),
    sshdPid: join(dir, 'sshd.pid'),
    sshdHostKey: join(dir, 'ssh_host_ed25519_key'),
    authLog: join(dir, 'auth.log'),
    stamperErr: join(dir, 'stamper.err'),
  };
}

/**
 * One worker with 256 connections: small enough that a bounded slowloris (a few hundred connections)
 * exhausts it, as it would a small real server, while benign load never comes close.
 */
export const NGINX_WORKER_CONNECTIONS = 256;

export function nginxConf(p: VictimPaths, ip: string): string {
  const t = p.nginxTemp;
  return `# vigil lab: generated, do not edit
worker_processes 1;
user www-data;
pid ${p.nginxPid};
error_log ${p.nginxErrorLog} warn;
events { worker_connections ${NGINX_WORKER_CONNECTIONS}; }
http {
  access_log ${p.nginxAccessLog};
  client_body_temp_path ${t}/body;
  proxy_temp_path ${t}/proxy;
  fastcgi_temp_path ${t}/fastcgi;
  uwsgi_temp_path ${t}/uwsgi;
  scgi_temp_path ${t}/scgi;
  types { text/html html; text/plain txt; application/octet-stream bin; }
  default_type application/octet-stream;
  keepalive_timeout 15s;
  server {
    listen ${ip}:${SERVICE_PORTS.http};
    root ${p.www};
    index index.html;
  }
}
`;
}

export function sshdConf(p: VictimPaths, ip: string, user: string): string {
  return `# vigil lab: generated, do not edit
Port ${SERVICE_PORTS.ssh}
ListenAddress ${ip}
HostKey ${p.sshdHostKey}
PidFile ${p.sshdPid}
# Only the lab's test user may log in, with a password (the brute-force target).
AllowUsers ${user}
PasswordAuthentication yes
KbdInteractiveAuthentication no
PubkeyAuthentication no
AuthorizedKeysFile none
PermitRootLogin no
# No PAM: there is no syslog here, and sshd's own log lines (to stderr with -e) say all we need.
UsePAM no
LogLevel INFO
LoginGraceTime 20
X11Forwarding no
PrintMotd no
`;
}

/** Web content: a few pages of different sizes, so benign browsing is not one repeated flow shape. */
export function webPages(host: string): Record<string, string> {
  const para = `<p>vigil lab host ${host}. This page exists so benign clients have something to read.</p>\n`;
  return {
    'index.html': `<!doctype html><title>${host}</title><h1>${host}</h1>\n${para}`,
    'about.html': `<!doctype html><title>about</title>\n${para.repeat(20)}`,
    'news.html': `<!doctype html><title>news</title>\n${para.repeat(120)}`,
    'notes.txt': `${'lab notes line\n'.repeat(300)}`,
  };
}
