/** IP protocol number -> the Packet's transport name. */
export function protoName(ipProto: number): 'tcp' | 'udp' | 'icmp' | 'icmp6' | 'other' {
  switch (ipProto) {
    case 6:
      return 'tcp';
    case 17:
      return 'udp';
    case 1:
      return 'icmp';
    case 58:
      return 'icmp6';
    default:
      return 'other';
  }
}
