import { HAVE_PCAPS, pcap } from '../testing/datasets.js';
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
}
