import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CaptureFormatError, CaptureOpenError } from './index.js';
import { HAVE_PCAPS, NO_PCAPS_REASON, hasTool, listPcaps, pcap, readDigests } from '../testing/datasets.js';

const HAVE_WIRESHARK_TOOLS = hasTool('capinfos') && hasTool('editcap') && hasTool('mergecap');
const NO_TOOLS_REASON =
  'capinfos/editcap/mergecap missing (Debian package tshark; scripts/setup.sh wants it)';

let tmp = '';
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'vigil-pcap-'));
});
afterAll(() => {
  if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
});

/** Packet count according to Wireshark's capinfos (an independent reader). */
function capinfosCount(path: string): number {
  const out = execFileSync('capinfos', ['-c', '-M', '-T', '-r', path], { encoding: 'utf8' });
  const fields = out.trim().split('\t');
  return Number(fields[fields.length - 1]);
}

/** Rewrite a little-endian classic pcap into big-endian byte order (same records). */
function toBigEndian(le: Buffer): Buffer {
  const out = Buffer.from(le);
  out.writeUInt32BE(le.readUInt32LE(0), 0);
  out.writeUInt16BE(le.readUInt16LE(4), 4);
  out.writeUInt16BE(le.readUInt16LE(6), 6);
  for (const at of [8, 12, 16, 20]) out.writeUInt32BE(le.readUInt32LE(at), at);
  let p = 24;
  while (p + 16 <= le.length) {
    for (let i = 0; i < 16; i += 4) out.writeUInt32BE(le.readUInt32LE(p + i), p + i);
    p += 16 + le.readUInt32LE(p + 8);
  }
  return out;
}

describe.skipIf(!HAVE_PCAPS)(
  `readCapture on the shared real pcaps (${HAVE_PCAPS ? 'present' : NO_PCAPS_REASON})`,
  () => {
    const files = listPcaps();

    it('finds the shared captures', () => {
      expect(files.length).toBeGreaterThanOrEqual(20);
    });

    it.skipIf(!HAVE_WIRESHARK_TOOLS)(
      'reads every file completely, with the packet count capinfos reports',
      async () => {
        for (const file of files) {
          const { frames, anomalies } = await readDigests(file);
          expect({ file, anomalies }).toEqual({ file, anomalies: [] });
          expect({ file, count: frames.length }).toEqual({ file, count: capinfosCount(file) });
        }
      },
    );

    it('gives the same frames whatever the batch size (views stay valid within a batch)', async () => {
      const file = pcap('benign/http_espn.pcapng.gz');
      const big = await readDigests(file, 4096);
      const small = await readDigests(file, 7);
      expect(small.frames).toEqual(big.frames);
      expect(big.frames.length).toBe(956);
    });

    it('reads plain and gzipped input alike', async () => {
      const plain = join(tmp, 'two_way.pcap');
      writeFileSync(plain, gunzipSync(readFileSync(pcap('scans/two_way_all_flags.pcap.gz'))));
      expect((await readDigests(plain)).frames).toEqual(
        (await readDigests(pcap('scans/two_way_all_flags.pcap.gz'))).frames,
      );
    });

    it('reads big-endian pcap the same as little-endian', async () => {
      const le = gunzipSync(readFileSync(pcap('scans/nmap_80_all.pcap.gz')));
      expect(le.readUInt32LE(0)).toBe(0xa1b2c3d4);
      const bePath = join(tmp, 'nmap_be.pcap');
      writeFileSync(bePath, toBigEndian(le));
      const original = await readDigests(pcap('scans/nmap_80_all.pcap.gz'));
      expect((await readDigests(bePath)).frames).toEqual(original.frames);
    });

    it.skipIf(!HAVE_WIRESHARK_TOOLS)('gives every frame the time and lengths tshark reports', async () => {
      for (const rel of [
        'benign/tcp_handshake.pcapng.gz',
        'benign/http_espn.pcapng.gz',
        'scans/whois.pcap.gz',
      ]) {
        const file = pcap(rel);
        const out = execFileSync(
          'tshark',
          ['-r', file, '-T', 'fields', '-e', 'frame.time_epoch', '-e', 'frame.len', '-e', 'frame.cap_len'],
          { encoding: 'utf8' },
        );
        const expected = out
          .trim()
          .split('\n')
          .map((line) => {
            const [epoch = '', len = '', capLen = ''] = line.split('\t');
            const [sec = '', frac = ''] = epoch.split('.');
            return {
              file,
              tsMicros: Number(sec) * 1e6 + Number(frac.padEnd(9, '0').slice(0, 6)),
              wireLength: Number(len),
              capturedLength: Number(capLen),
            };
          });
        const { frames } = await readDigests(file);
        expect(
          frames.map((f) => ({
            file,
            tsMicros: f.tsMicros,
            wireLength: f.wireLength,
            capturedLength: f.capturedLength,
          })),
        ).toEqual(expected);
      }
    });

    describe.skipIf(!HAVE_WIRESHARK_TOOLS)(
      `formats written by editcap/mergecap (${HAVE_WIRESHARK_TOOLS ? 'present' : NO_TOOLS_REASON})`,
      () => {
        const src = (): string => pcap('scans/two_way_all_flags.pcap.gz');

        it('nanosecond pcap, pcapng with if_tsresol=9, and modified pcap give the same frames', async () => {
          const original = await readDigests(src());
          const nsec = join(tmp, 'ns.pcap');
          execFileSync('editcap', ['-F', 'nsecpcap', src(), nsec]);
          expect(readFileSync(nsec).readUInt32LE(0)).toBe(0xa1b23c4d);
          const ng = join(tmp, 'ns.pcapng');
          execFileSync('editcap', ['-F', 'pcapng', nsec, ng]);
          const mod = join(tmp, 'mod.pcap');
          execFileSync('editcap', ['-F', 'modpcap', src(), mod]);
          for (const file of [nsec, ng, mod]) {
            expect({ file, ...(await readDigests(file)) }).toEqual({ file, ...original });
          }
        });

        it('pcapng with several interfaces keeps each frame on its own interface and link type', async () => {
          const merged = join(tmp, 'merged.pcapng');
          execFileSync('mergecap', [
            '-I',
            'none',
            '-F',
            'pcapng',
            '-w',
            merged,
            pcap('scans/whois.pcap.gz'),
            pcap('benign/icmp_echo.pcapng.gz'),
          ]);
          const { frames, anomalies } = await readDigests(merged);
          expect(anomalies).toEqual([]);
          expect(frames).toHaveLength(11 + 8);
          expect(new Set(frames.map((f) => f.ifIndex))).toEqual(new Set([0, 1]));
          expect(frames.filter((f) => f.ifIndex === 0)).toHaveLength(
            capinfosCount(pcap('scans/whois.pcap.gz')),
          );
          const sorted = frames
            .map((f) => f.tsMicros)
            .every((t, i, a) => i === 0 || t >= (a[i - 1] as number));
          expect(sorted).toBe(true);
        });
      },
    );

    describe('damaged files end cleanly with an anomaly naming the byte offset', () => {
      it('a pcap cut inside a record', async () => {
        const bytes = gunzipSync(readFileSync(pcap('scans/whois.pcap.gz')));
        const firstRecordLen = 16 + bytes.readUInt32LE(24 + 8);
        const secondRecordAt = 24 + firstRecordLen;
        const cut = join(tmp, 'cut.pcap');
        writeFileSync(cut, bytes.subarray(0, secondRecordAt + 20));
        const { frames, anomalies } = await readDigests(cut);
        expect(frames).toHaveLength(1);
        expect(anomalies).toEqual([`pcap.truncated-record@${secondRecordAt}`]);
      });

      it('a pcapng cut inside a packet block', async () => {
        const bytes = gunzipSync(readFileSync(pcap('benign/http_google.pcapng.gz')));
        // Walk the blocks to the start of the third packet block.
        const starts: number[] = [];
        for (let at = 0; at < bytes.length; at += bytes.readUInt32LE(at + 4)) {
          if (bytes.readUInt32LE(at) === 6) starts.push(at);
        }
        const third = starts[2] as number;
        const cut = join(tmp, 'cut.pcapng');
        writeFileSync(cut, bytes.subarray(0, third + 40));
        const { frames, anomalies } = await readDigests(cut);
        expect(frames).toHaveLength(2);
        expect(anomalies).toEqual([`pcapng.truncated-block@${third}`]);
      });

      it('two pcapng files concatenated (two sections) keep their interfaces apart', async () => {
        const a = gunzipSync(readFileSync(pcap('benign/tcp_handshake.pcapng.gz')));
        const b = gunzipSync(readFileSync(pcap('benign/icmp_echo.pcapng.gz')));
        const both = join(tmp, 'two-sections.pcapng');
        writeFileSync(both, Buffer.concat([a, b]));
        const { frames, anomalies } = await readDigests(both);
        expect(anomalies).toEqual([]);
        expect(frames.map((f) => f.ifIndex)).toEqual([0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
        const separately = [
          ...(await readDigests(pcap('benign/tcp_handshake.pcapng.gz'))).frames,
          ...(await readDigests(pcap('benign/icmp_echo.pcapng.gz'))).frames,
        ];
        expect(frames.map((f) => f.sha1)).toEqual(separately.map((f) => f.sha1));
      });

      it('a gzip stream cut short', async () => {
        const gz = readFileSync(pcap('scans/two_way_all_flags.pcap.gz'));
        const cut = join(tmp, 'cut.pcap.gz');
        writeFileSync(cut, gz.subarray(0, Math.floor(gz.length / 2)));
        const { frames, anomalies } = await readDigests(cut);
        expect(frames.length).toBeGreaterThan(100);
        expect(frames.length).toBeLessThan(7938);
        expect(anomalies.some((a) => a.startsWith('gzip.corrupt@'))).toBe(true);
      });

      it('a pcapng block claiming 2 GB stops at that block without allocating it', async () => {
        const bytes = gunzipSync(readFileSync(pcap('benign/http_google.pcapng.gz')));
        const shbLen = bytes.readUInt32LE(4);
        const idbLen = bytes.readUInt32LE(shbLen + 4);
        const firstPacketBlock = shbLen + idbLen;
        const bad = Buffer.from(bytes);
        bad.writeUInt32LE(0x7ffffffc, firstPacketBlock + 4);
        const path = join(tmp, 'huge-block.pcapng');
        writeFileSync(path, bad);
        const before = process.memoryUsage().arrayBuffers;
        const { frames, anomalies } = await readDigests(path);
        expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 << 20);
        expect(frames).toHaveLength(0);
        expect(anomalies).toEqual([`pcapng.bad-block-length@${firstPacketBlock + 4}`]);
      });

      it('a pcap record claiming 1 GB stops there', async () => {
        const bytes = Buffer.from(gunzipSync(readFileSync(pcap('scans/whois.pcap.gz'))));
        bytes.writeUInt32LE(1 << 30, 24 + 8);
        const path = join(tmp, 'huge-record.pcap');
        writeFileSync(path, bytes);
        const { frames, anomalies } = await readDigests(path);
        expect(frames).toHaveLength(0);
        expect(anomalies).toEqual(['pcap.bad-record-length@24']);
      });
    });
  },
);

describe('readCapture errors', () => {
  it('names a file that is not a capture', async () => {
    const path = join(tmpdir(), `vigil-not-a-capture-${process.pid}.txt`);
    writeFileSync(path, 'hello, this is text\n');
    try {
      await expect(readDigests(path)).rejects.toThrow(CaptureFormatError);
      await expect(readDigests(path)).rejects.toThrow(/not-a-capture.*unknown magic 0x68656c6c/);
    } finally {
      rmSync(path);
    }
  });

  it('names a file that cannot be opened', async () => {
    await expect(readDigests('/nonexistent/x.pcap')).rejects.toThrow(CaptureOpenError);
  });
});
