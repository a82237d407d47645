/**
 * KDD Cup 99 service names. KDD named a connection's service after the responder's port (TCP/UDP)
 * or the ICMP type of its first packet, using the names of the Bro release of 1998. The 70 names
 * below are exactly the ones that occur in NSL-KDD (KDDTrain+ and KDDTest+); `oth_i` is the 71st,
 * from the original KDD Cup 99 data, for ICMP types KDD had no name for.
 *
 * Ports for names whose port the KDD papers never state (harvest, pm_dump) are unknown: those names
 * are listed but never produced. `private` / `other` follow the data: unknown ports below 1024 are
 * `private` (e.g. SNMP 161/udp is `private` in NSL-KDD's snmpgetattack rows), the rest `other`.
 */
import type { TransportProto } from '../records/packet.js';

export const KDD_SERVICES = [
  'IRC', 'X11', 'Z39_50', 'aol', 'auth', 'bgp', 'courier', 'csnet_ns', 'ctf', 'daytime', 'discard',
  'domain', 'domain_u', 'echo', 'eco_i', 'ecr_i', 'efs', 'exec', 'finger', 'ftp', 'ftp_data', 'gopher',
  'harvest', 'hostnames', 'http', 'http_2784', 'http_443', 'http_8001', 'imap4', 'iso_tsap', 'klogin',
  'kshell', 'ldap', 'link', 'login', 'mtp', 'name', 'netbios_dgm', 'netbios_ns', 'netbios_ssn', 'netstat',
  'nnsp', 'nntp', 'ntp_u', 'other', 'pm_dump', 'pop_2', 'pop_3', 'printer', 'private', 'red_i',
  'remote_job', 'rje', 'shell', 'smtp', 'sql_net', 'ssh', 'sunrpc', 'supdup', 'systat', 'telnet',
  'tftp_u', 'tim_i', 'time', 'urh_i', 'urp_i', 'uucp', 'uucp_path', 'vmnet', 'whois', 'oth_i',
] as const;

export type KddService = (typeof KDD_SERVICES)[number];

/** TCP responder port -> KDD name (IANA assignments of the names Bro used). */
const TCP_PORTS: ReadonlyMap<number, KddService> = new Map<number, KddService>([
  [7, 'echo'], [9, 'discard'], [11, 'systat'], [13, 'daytime'], [15, 'netstat'], [20, 'ftp_data'],
  [21, 'ftp'], [22, 'ssh'], [23, 'telnet'], [25, 'smtp'], [37, 'time'], [42, 'name'], [43, 'whois'],
  [53, 'domain'], [57, 'mtp'], [70, 'gopher'], [71, 'remote_job'], [77, 'rje'], [79, 'finger'],
  [80, 'http'], [84, 'ctf'], [87, 'link'], [95, 'supdup'], [101, 'hostnames'], [102, 'iso_tsap'],
  [105, 'csnet_ns'], [109, 'pop_2'], [110, 'pop_3'], [111, 'sunrpc'], [113, 'auth'], [117, 'uucp_path'],
  [119, 'nntp'], [137, 'netbios_ns'], [138, 'netbios_dgm'], [139, 'netbios_ssn'], [143, 'imap4'],
  [150, 'sql_net'], [175, 'vmnet'], [179, 'bgp'], [194, 'IRC'], [210, 'Z39_50'], [389, 'ldap'],
  [433, 'nnsp'], [443, 'http_443'], [512, 'exec'], [513, 'login'], [514, 'shell'], [515, 'printer'],
  [520, 'efs'], [530, 'courier'], [540, 'uucp'], [543, 'klogin'], [544, 'kshell'], [2784, 'http_2784'],
  [5190, 'aol'], [6667, 'IRC'], [8001, 'http_8001'],
]);

const UDP_PORTS: ReadonlyMap<number, KddService> = new Map<number, KddService>([
  [53, 'domain_u'], [69, 'tftp_u'], [123, 'ntp_u'],
]);

/** ICMP type (and code for unreachables) of the first packet -> KDD name. */
function icmpService(type: number, code: number): KddService {
  switch (type) {
    case 8:
      return 'eco_i';
    case 0:
      return 'ecr_i';
    case 3:
      return code === 3 ? 'urp_i' : 'urh_i';
    case 5:
      return 'red_i';
    case 13:
    case 14:
      return 'tim_i';
    default:
      return 'oth_i';
  }
}

/** ICMPv6 types with an ICMPv4 counterpart KDD named (echo, unreachable, redirect). */
function icmp6AsIcmp4(type: number, code: number): [number, number] {
  if (type === 128) return [8, 0];
  if (type === 129) return [0, 0];
  if (type === 1) return [3, code === 4 ? 3 : 1];
  if (type === 137) return [5, 0];
  return [-1, -1];
}

function unknownPort(port: number): KddService {
  return port < 1024 ? 'private' : 'other';
}

/**
 * The KDD service of a flow. `icmpType`/`icmpCode` come from the flow's first packet.
 * Active FTP data connections are opened by the server from port 20, so an originator port of 20
 * also names `ftp_data`.
 */
export function kddService(
  proto: TransportProto,
  origPort: number,
  respPort: number,
  icmpType = -1,
  icmpCode = -1,
): KddService {
  if (proto === 'tcp') {
    if (respPort >= 6000 && respPort <= 6063) return 'X11';
    const named = TCP_PORTS.get(respPort);
    if (named !== undefined) return named;
    if (origPort === 20) return 'ftp_data';
    return unknownPort(respPort);
  }
  if (proto === 'udp') return UDP_PORTS.get(respPort) ?? unknownPort(respPort);
  if (proto === 'icmp') return icmpService(icmpType, icmpCode);
  if (proto === 'icmp6') return icmpService(...icmp6AsIcmp4(icmpType, icmpCode));
  return 'other';
}
