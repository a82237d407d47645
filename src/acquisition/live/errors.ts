/** Errors of live capture: the binding is missing, or the device/filter cannot be opened. */

/** The optional `cap` package (libpcap binding) is not installed or did not build. */
export class LiveCaptureUnavailableError extends Error {
  override readonly name = 'LiveCaptureUnavailableError';
  constructor(options?: { cause?: unknown }) {
    const why = options?.cause instanceof Error ? options.cause.message : String(options?.cause ?? 'unknown');
    super(
      'live capture needs the optional npm package "cap" (a libpcap binding built from source): ' +
        'install the Debian package libpcap-dev and a C++ toolchain, then run `npm install cap`. ' +
        `Loading it failed: ${why}`,
      options,
    );
  }
}

/** libpcap refused the device or the BPF filter (permissions, no such device, filter syntax). */
export class LiveCaptureOpenError extends Error {
  override readonly name = 'LiveCaptureOpenError';
  constructor(
    readonly device: string,
    readonly filter: string,
    options?: { cause?: unknown },
  ) {
    const why = options?.cause instanceof Error ? options.cause.message : String(options?.cause ?? '');
    super(`cannot capture on "${device}" with filter "${filter}": ${why}`, options);
  }
}
