/**
 * RawFrame: one captured frame as a packet source hands it to the decoders.
 *
 * Sources deliver frames in batches (`AsyncIterable<RawFrame[]>`). To keep the reader free of
 * per-packet copies, `data` is usually a view into a buffer the source reuses: it is valid only
 * until the consumer asks for the next batch. Copy it (`data.slice()`) to keep it longer.
 */
export interface RawFrame {
  /** Capture time, microseconds since the Unix epoch. */
  tsMicros: number;
  /** Interface index: the pcapng interface id (unique across sections of one file), 0 for pcap/live. */
  ifIndex: number;
  /** Link-layer type (LINKTYPE_* number from tcpdump.org), e.g. 1 = Ethernet, 113 = Linux SLL. */
  linkType: number;
  /** Length of the frame on the wire; `data.length` is the captured length (may be smaller). */
  wireLength: number;
  /** Captured bytes; a view valid until the next batch is requested (see above). */
  data: Uint8Array;
  /**
   * Byte offset of the frame's first data byte in the capture stream (uncompressed offset for
   * `.gz` input), so `fileOffset + anomaly.offset` points at a problem byte. -1 for live capture.
   */
  fileOffset: number;
}

/** Well-known LINKTYPE_* values the decoders understand. */
export const LinkType = {
  NULL: 0,
  ETHERNET: 1,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

/**
 * A problem in the capture file itself (not inside a frame): a truncated record, an impossible
 * block length. The reader counts it and ends or skips cleanly instead of throwing.
 */
export interface CaptureAnomaly {
  code: string;
  /** Byte offset in the (uncompressed) capture stream. */
  offset: number;
  detail?: string;
}

/** Counters a source keeps while it runs; read them after (or during) iteration. */
export interface CaptureStats {
  frames: number;
  /** Bytes of frame data delivered. */
  bytes: number;
  anomalies: CaptureAnomaly[];
}

/** What every packet source returns: batches of frames, plus its running stats. */
export interface FrameSource extends AsyncIterable<RawFrame[]> {
  readonly stats: CaptureStats;
}
