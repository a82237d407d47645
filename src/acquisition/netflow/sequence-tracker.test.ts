import { describe, expect, it } from 'vitest';
import { SequenceTracker } from './sequence-tracker.js';
import type { SequencePoint } from './v5.js';

const point = (
  value: number,
  records: number,
  flowRecords = records,
  unit: SequencePoint['unit'] = 'records',
  specExact = false,
): SequencePoint => ({
  scope: 's',
  value,
  unit,
  records,
  flowRecords,
  specExact,
});

describe('SequenceTracker', () => {
  it('counts lost v5 records and v9 datagrams by their specifications', () => {
    const v5 = new SequenceTracker();
    for (const p of [
      point(0, 30, 30, 'records', true),
      point(30, 30, 30, 'records', true),
      point(90, 30, 30, 'records', true),
    ])
      v5.observe(p);
    expect(v5.counts).toEqual({ lostRecords: 30, lostDatagrams: 0, resets: 0 });
    const v9 = new SequenceTracker();
    for (const v of [1, 2, 5, 6]) v9.observe(point(v, 28, 28, 'datagrams', true));
    expect(v9.counts).toEqual({ lostRecords: 0, lostDatagrams: 2, resets: 0 });
  });

  it('learns softflowd’s IPFIX numbering (records up to and including the message, options left out)', () => {
    const t = new SequenceTracker();
    // As softflowd 1.1.0 sent them: 20 flows + 1 options record, then 28 flows per message.
    for (const p of [
      point(20, 21, 20),
      point(48, 28),
      point(76, 28),
      point(104, 28),
      point(160, 28),
      point(190, 31, 30),
    ])
      t.observe(p);
    expect(t.counts).toEqual({ lostRecords: 28, lostDatagrams: 0, resets: 0 });
  });

  it('follows RFC 7011 numbering (records before the message) and notices a restart', () => {
    const t = new SequenceTracker();
    for (const p of [point(0, 10), point(10, 12), point(22, 5), point(0, 10)]) t.observe(p);
    expect(t.counts).toEqual({ lostRecords: 0, lostDatagrams: 0, resets: 1 });
  });
});
