import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Packet } from '../records/packet.js';
import type { RawFrame } from '../acquisition/frame.js';
import { readCapture } from '../acquisition/pcap/index.js';
import { HAVE_PCAPS, NO_PCAPS_REASON, hasTool, listPcaps, pcap } from '../acquisition/testing/datasets.js';
import { decodeFrame } from './index.js';
import { withoutPayload } from './printable.js';

const HAVE_TSHARK = hasTool('tshark');

/** Decode a whole file; payload views are dropped because they die with their batch. */
async function decodeFile(path: string): Promise<{ packets: Packet[]; frames: RawFrame[] }> {
  const packets: Packet[] = [];
  const frames: RawFrame[] = [];
  for await (const batch of readCapture(path)) {
    for (const f of batch) {
      packets.push(withoutPayload(decodeFrame(f)));
      frames.push({ ...f, data: f.data.slice() });
    }
  }
  return { packets, frames };
}

const FIELDS = [
  'ip.src',
  'ip.dst',
  'ipv6.src',
  'ipv6.dst',
  'ip.ttl',
  'ipv6.hlim',
  'tcp.srcport',
  'tcp.dstport',
  'udp.srcport',
  'udp.dstport',
  'tcp.flags',
  'icmp.type',
  'icmpv6.type',
  'vlan.id',
  'tcp.seq_raw',
  'tcp.window_size_value',
] as const;

/** What tshark (an independent decoder) says about each packet, first occurrence of each field. */
function tsharkView(path: string): Record<string, string | number | undefined>[] {
  const args = ['-r', path, '-T', 'fields', '-E', 'occurrence=f', ...FIELDS.flatMap((f) => ['-e', f])];
  const out = execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return out
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => {
      const v = Object.fromEntries(line.split('\t').map((x, i) => [FIELDS[i], x === '' ? undefined : x]));
      const icmp = v['icmp.type'] !== undefined || v['icmpv6.type'] !== undefined;
      const num = (x: string | undefined): number | undefined => (x === undefined ? undefined : Number(x));
      return {
        srcIp: v['ip.src'] ?? v['ipv6.src'],
        dstIp: v['ip.dst'] ?? v['ipv6.dst'],
        ttl: num(v['ip.ttl'] ?? v['ipv6.hlim']),
        // tshark also decodes the TCP/UDP header quoted inside ICMP errors; our decoder stops at ICMP.
        srcPort: icmp ? 0 : (num(v['tcp.srcport'] ?? v['udp.srcport']) ?? 0),
        dstPort: icmp ? 0 : (num(v['tcp.dstport'] ?? v['udp.dstport']) ?? 0),
        tcpFlags: icmp || v['tcp.flags'] === undefined ? 0 : parseInt(v['tcp.flags'], 16) & 0x1ff,
        tcpSeq: icmp ? undefined : num(v['tcp.seq_raw']),
        tcpWindow: icmp ? undefined : num(v['tcp.window_size_value']),
        icmpType: num(v['icmp.type'] ?? v['icmpv6.type']),
        vlan: num(v['vlan.id']),
      };
    });
}

function ourView(p: Packet): Record<string, string | number | undefined> {
  return {
    srcIp: p.srcIp,
    dstIp: p.dstIp,
    ttl: p.ttl,
    srcPort: p.srcPort,
    dstPort: p.dstPort,
    tcpFlags: p.tcpFlags,
    tcpSeq: p.tcpSeq,
    tcpWindow: p.tcpWindow,
    icmpType: p.icmpType,
    vlan: p.vlan,
  };
}

describe.skipIf(!HAVE_PCAPS)(
  `decodeFrame on the shared real pcaps (${HAVE_PCAPS ? 'present' : NO_PCAPS_REASON})`,
  () => {
    it('decodes every packet of every file without a decode anomaly', async () => {
      let total = 0;
      for (const file of listPcaps()) {
        const { packets } = await decodeFile(file);
        total += packets.length;
        const anomalies = packets.flatMap((p) => p.anomalies ?? []).map((a) => a.code);
        expect({ file, anomalies }).toEqual({ file, anomalies: [] });
      }
      expect(total).toBeGreaterThan(13000);
    });

    it.skipIf(!HAVE_TSHARK || !hasTool('mergecap'))(
      'agrees with tshark on addresses, TTL, ports, TCP flags/seq/window, ICMP type and VLAN for every packet',
      async () => {
        // One tshark run over all files concatenated (mergecap -a) keeps this test quick.
        const dir = mkdtempSync(join(tmpdir(), 'vigil-decode-'));
        try {
          const all = join(dir, 'all.pcapng');
          execFileSync('mergecap', ['-a', '-I', 'none', '-F', 'pcapng', '-w', all, ...listPcaps()]);
          const { packets } = await decodeFile(all);
          const theirs = tsharkView(all);
          expect(packets.length).toBe(theirs.length);
          packets.forEach((p, i) => {
            expect({ frame: i + 1, ...ourView(p) }).toEqual({ frame: i + 1, ...theirs[i] });
          });
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
      60_000,
    );

    it('names DNS queries, HTTP hosts, TLS SNI and DHCP (values checked with tshark)', async () => {
      const dns = (await decodeFile(pcap('benign/dns_query_response.pcapng.gz'))).packets;
      expect(dns.map((p) => [p.appProto, p.appName])).toEqual([
        ['dns', 'wireshark.org'],
        ['dns', 'wireshark.org'],
      ]);

      const http = (await decodeFile(pcap('benign/http_google.pcapng.gz'))).packets;
      const request = http.find((p) => p.appProto === 'http' && p.appName !== undefined);
      expect(request).toMatchObject({ appName: 'www.google.com', dstPort: 80 });

      // tshark: frame 24 carries tls.handshake.extensions_server_name == mail02.cyberdyne.local
      const mail = (await decodeFile(pcap('benign/mail_receiver_server_3.pcapng.gz'))).packets;
      expect(mail[23]).toMatchObject({ appProto: 'tls', appName: 'mail02.cyberdyne.local' });
      expect(mail.filter((p) => p.appName === 'mail02.cyberdyne.local')).toHaveLength(1);

      const dhcp = (await decodeFile(pcap('benign/dhcp_nolease_initialization.pcapng.gz'))).packets;
      expect(dhcp.every((p) => p.appProto === 'dhcp' && p.proto === 'udp')).toBe(true);

      const tcpDns = (await decodeFile(pcap('benign/dns_tcp.pcapng.gz'))).packets;
      // tshark: frames 1-2 are DNS over UDP, frames 6 and 10 DNS over TCP. Frame 10's response starts in
      // frame 8, which carries only the first byte of the 2-byte length prefix: tshark reassembles the
      // stream, a per-packet decoder cannot, so we name frame 6 only.
      expect(tcpDns.filter((p) => p.appName === 'ripe.net').map((p) => p.proto)).toEqual([
        'udp',
        'udp',
        'tcp',
      ]);
    });

    it('decodes ARP (tshark: frames 54-56 of arppoison)', async () => {
      const { packets } = await decodeFile(pcap('attacks/arppoison.pcapng.gz'));
      expect(packets[53]?.arp).toEqual({
        op: 1,
        senderMac: '00:25:b3:bf:91:ee',
        senderIp: '172.16.0.1',
        targetMac: '00:00:00:00:00:00',
        targetIp: '172.16.0.107',
      });
      expect(packets[54]?.arp).toEqual({
        op: 2,
        senderMac: '00:21:70:c0:56:f0',
        senderIp: '172.16.0.107',
        targetMac: '00:25:b3:bf:91:ee',
        targetIp: '172.16.0.1',
      });
      expect(packets[53]?.ipVersion).toBeUndefined();
    });

    it('reads TCP options (tshark: SYN mss 1460 wscale 2, SYN-ACK mss 1406 wscale 7)', async () => {
      const { packets } = await decodeFile(pcap('benign/tcp_handshake.pcapng.gz'));
      expect(packets.map((p) => [p.tcpFlags, p.tcpMss, p.tcpWindowScale])).toEqual([
        [0x02, 1460, 2],
        [0x12, 1406, 7],
        [0x10, undefined, undefined],
      ]);
    });

    it('reads 802.1Q-tagged frames (the masscan captures: VLAN 943, tshark)', async () => {
      const { packets } = await decodeFile(pcap('scans/udp_0_1000_20190821.pcap.gz'));
      expect(packets.every((p) => p.vlan === 943)).toBe(true);
      expect(packets.filter((p) => p.proto === 'udp').length).toBeGreaterThan(900);
    });
  },
);
