import { describe, it, expect } from 'vitest';
import { KDD_SERVICES, kddService } from './services.js';
import { existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

const NSL = new URL('../../../shared/datasets/nsl-kdd/', import.meta.url);

describe('KDD service names', () => {
  it('names well-known ports as KDD did', () => {
    expect(kddService('tcp', 40000, 80)).toBe('http');
    expect(kddService('tcp', 40000, 443)).toBe('http_443');
    expect(kddService('tcp', 20, 40001)).toBe('ftp_data');
    expect(kddService('tcp', 40000, 6001)).toBe('X11');
    expect(kddService('tcp', 40000, 161)).toBe('private');
    expect(kddService('tcp', 40000, 31337)).toBe('other');
    expect(kddService('udp', 40000, 53)).toBe('domain_u');
    expect(kddService('udp', 40000, 161)).toBe('private');
    expect(kddService('icmp', 0, 0, 8, 0)).toBe('eco_i');
    expect(kddService('icmp', 0, 0, 3, 3)).toBe('urp_i');
    expect(kddService('icmp6', 0, 0, 128, 0)).toBe('eco_i');
  });

  it.skipIf(!existsSync(NSL))('lists exactly the service names of NSL-KDD (plus oth_i from KDD Cup 99)', () => {
    const names = new Set<string>();
    for (const f of ['KDDTrain+.txt.gz', 'KDDTest+.txt.gz']) {
      for (const line of gunzipSync(readFileSync(new URL(f, NSL))).toString('utf8').split('\n')) {
        const service = line.split(',')[2];
        if (service !== undefined) names.add(service);
      }
    }
    expect([...names].sort()).toEqual(KDD_SERVICES.filter((s) => s !== 'oth_i').sort());
  });
});
