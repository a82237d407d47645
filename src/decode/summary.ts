/** Counting what decoded packets contain, for summaries (`vigil capture`) and tests. Pure. */
import type { Packet } from '../records/packet.js';

export interface DecodeSummary {
  packets: number;
  wireBytes: number;
  /** By transport name (tcp, udp, icmp, icmp6, other) plus 'arp' and 'non-ip'. */
  protocols: Record<string, number>;
  /** By appProto (dns, http, tls, ssh, dhcp). */
  applications: Record<string, number>;
  /** Decode anomalies by code. */
  anomalies: Record<string, number>;
}

export function emptySummary(): DecodeSummary {
  return { packets: 0, wireBytes: 0, protocols: {}, applications: {}, anomalies: {} };
}

const bump = (into: Record<string, number>, key: string): void => {
  into[key] = (into[key] ?? 0) + 1;
};

export function addToSummary(s: DecodeSummary, p: Packet): void {
  s.packets++;
  s.wireBytes += p.wireLength;
  bump(s.protocols, p.arp !== undefined ? 'arp' : p.ipVersion === undefined ? 'non-ip' : p.proto);
  if (p.appProto !== undefined) bump(s.applications, p.appProto);
  if (p.anomalies !== undefined) for (const a of p.anomalies) bump(s.anomalies, a.code);
}
