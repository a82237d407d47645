/**
 * The slice of the `cap` package we use, loaded lazily with a dynamic import so that an install
 * without the optional native binding still runs everything except live capture.
 */
import { LiveCaptureUnavailableError } from './errors.js';

export interface CapHandle {
  open(device: string, filter: string, bufferBytes: number, packetBuffer: Buffer): string;
  on(event: 'packet', listener: (nbytes: number, truncated: boolean) => void): void;
  close(): void;
}

export interface CapModule {
  Cap: (new () => CapHandle) & { deviceList(): { name: string }[] };
}

let loaded: Promise<CapModule> | undefined;

export function loadCap(): Promise<CapModule> {
  loaded ??= import('cap').then(
    (m: { default?: CapModule } & Partial<CapModule>) => m.default ?? (m as CapModule),
    (cause: unknown) => {
      loaded = undefined;
      throw new LiveCaptureUnavailableError({ cause });
    },
  );
  return loaded;
}

/** `cap` reports the link type as a name (or "Unknown linktype N"); map it to its LINKTYPE_ number. */
export function linkTypeFromCap(name: string): number {
  switch (name) {
    case 'ETHERNET':
      return 1;
    case 'NULL':
      return 0;
    case 'LINKTYPE_LINUX_SLL':
      return 113;
    case 'RAW':
      return 101;
    case 'IEEE802_11_RADIO':
      return 127;
    default: {
      const m = /(\d+)/.exec(name);
      return m?.[1] !== undefined ? Number(m[1]) : -1;
    }
  }
}
