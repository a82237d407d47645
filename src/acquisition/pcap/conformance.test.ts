import { describe, it } from 'vitest';
import { HAVE_PCAPS, NO_PCAPS_REASON, pcap } from '../testing/datasets.js';
import { describeFrameSourceConformance } from '../testing/frame-source.case.js';
import { readCapture } from './index.js';

if (HAVE_PCAPS) {
  describeFrameSourceConformance('pcap file (gz, small batches)', () => ({
    open: () => readCapture(pcap('scans/two_way_all_flags.pcap.gz'), { batchSize: 100 }),
    minFrames: 7938,
  }));
  describeFrameSourceConformance('pcapng file (gz)', () => ({
    open: () => readCapture(pcap('benign/http_espn.pcapng.gz')),
    minFrames: 956,
  }));
} else {
  // A file without a suite fails the run; say why the conformance cases did not run instead.
  describe('FrameSource conformance on shared pcaps', () => {
    it.skip(`skipped: ${NO_PCAPS_REASON}`, () => {});
  });
}
