/** Errors a capture file source can raise before it has anything to deliver. */

/** The file could not be opened or read at all. */
export class CaptureOpenError extends Error {
  override readonly name = 'CaptureOpenError';
  constructor(
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot open capture file ${path}`, options);
  }
}

/** The file is neither pcap nor pcapng (plain or gzipped). */
export class CaptureFormatError extends Error {
  override readonly name = 'CaptureFormatError';
  constructor(
    readonly path: string,
    readonly offset: number,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: not a pcap/pcapng capture at byte ${offset}: ${detail}`, options);
  }
}
