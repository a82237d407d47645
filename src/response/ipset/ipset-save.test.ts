import { describe, expect, it } from 'vitest';
import { parseIpsetSave } from './ipset-backend.js';

describe('parseIpsetSave', () => {
  it('reads our sets only, with timeouts, counters and rate classes', () => {
    const text = [
      'create vigil-block4 hash:net family inet hashsize 1024 maxelem 1048576 timeout 0 counters',
      'add vigil-block4 10.1.2.3 timeout 3599 packets 4 bytes 240',
      'add vigil-block4 10.9.0.0/16 timeout 0 packets 0 bytes 0',
      'add vigil-rate20-6 2001:db8::5 timeout 60 packets 1 bytes 80',
      'add vigil-quar4 10.1.2.4 timeout 10 packets 0 bytes 0',
      'add vigil-mgmt4 10.203.250.0/24',
      'add other-block4 10.7.7.7 timeout 5',
    ].join('\n');
    expect(parseIpsetSave(text, 'vigil')).toEqual([
      { action: 'block', target: '10.1.2.3', expiresInSeconds: 3599, packets: 4, bytes: 240 },
      { action: 'block', target: '10.9.0.0/16', packets: 0, bytes: 0 },
      { action: 'rate-limit', target: '2001:db8::5', rate: 20, expiresInSeconds: 60, packets: 1, bytes: 80 },
      { action: 'quarantine', target: '10.1.2.4', expiresInSeconds: 10, packets: 0, bytes: 0 },
    ]);
  });
});
