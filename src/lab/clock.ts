/** Wall-clock time in microseconds, finer than Date.now(): the labels' windows are compared with pcap times. */
import { performance } from 'node:perf_hooks';

export function nowMicros(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

export function isoFromMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 19)}.${String(micros - Math.floor(micros / 1e6) * 1e6).padStart(6, '0')}Z`;
}
