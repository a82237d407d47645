/**
 * Light application-layer naming: just enough to say what a flow is (dns, http, tls, ssh, ...)
 * and its name (DNS query name, HTTP Host, TLS SNI, SSH banner). Best effort by design: a
 * payload that does not parse as the protocol its port suggests is simply left unnamed, since
 * a segment boundary or a non-standard service on a well-known port is not a decode error.
 */
import type { DecodeContext } from '../packet-init.js';
import { parseDnsQueryName as importedParseDnsQueryName } from './dns.js';
import { parseHttp as importedParseHttp } from './http.js';
import {
  parseTlsClientHelloSni as importedParseTlsClientHelloSni,
  looksLikeTlsRecord as importedLooksLikeTlsRecord,
} from './tls.js';
import { parseSshBanner as importedParseSshBanner } from './ssh.js';

// Module-local aliases: under tsx every use of an imported binding is a getter call,
// which costs measurably on this per-packet path.
const parseDnsQueryName = importedParseDnsQueryName;
const parseHttp = importedParseHttp;
const parseTlsClientHelloSni = importedParseTlsClientHelloSni;
const looksLikeTlsRecord = importedLooksLikeTlsRecord;
const parseSshBanner = importedParseSshBanner;

const DNS_PORT = 53;
const MDNS_PORT = 5353;
const DHCP_SERVER_PORT = 67;
const DHCP_CLIENT_PORT = 68;

export function nameApplication(ctx: DecodeContext, start: number, end: number): void {
  const pkt = ctx.pkt;
  const d = ctx.data;
  const sp = pkt.srcPort;
  const dp = pkt.dstPort;
  if (sp === DNS_PORT || dp === DNS_PORT || sp === MDNS_PORT || dp === MDNS_PORT) {
    // DNS over TCP prefixes each message with a 2-byte length.
    const msgStart = pkt.proto === 'tcp' ? start + 2 : start;
    pkt.appProto = 'dns';
    const name = parseDnsQueryName(d, msgStart, end);
    if (name !== undefined) pkt.appName = name;
    return;
  }
  if (pkt.proto === 'udp') {
    if (
      sp === DHCP_SERVER_PORT ||
      dp === DHCP_SERVER_PORT ||
      sp === DHCP_CLIENT_PORT ||
      dp === DHCP_CLIENT_PORT
    ) {
      pkt.appProto = 'dhcp';
    }
    return;
  }
  if (pkt.proto !== 'tcp') return;
  const first = d[start] as number;
  if (first === 0x16 && looksLikeTlsRecord(d, start, end)) {
    pkt.appProto = 'tls';
    const sni = parseTlsClientHelloSni(d, start, end);
    if (sni !== undefined) pkt.appName = sni;
    return;
  }
  if (first === 0x53 /* 'S' */) {
    const banner = parseSshBanner(d, start, end);
    if (banner !== undefined) {
      pkt.appProto = 'ssh';
      pkt.appName = banner;
      return;
    }
  }
  const http = parseHttp(d, start, end);
  if (http !== undefined) {
    pkt.appProto = 'http';
    if (http.host !== undefined) pkt.appName = http.host;
  }
}
