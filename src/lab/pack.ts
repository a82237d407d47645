/**
 * Packs a run's ground truth for shipping (samples/): the victim pcaps and nginx access logs gzipped,
 * the stamped auth logs and labels.json as they are, with labels.json pointing at the new file names.
 * Tool outputs (tools/) stay behind: they hold the run's test password. flows.csv is left out too; it
 * is derived, and `vigil lab flows DIR` rebuilds it with the current flow table.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip, constants } from 'node:zlib';
import { LabError } from './errors.js';
import { LABELS_FILE, readLabels } from './labels.js';
import { PROJECT_ROOT } from './paths.js';

async function gzipFile(src: string, dest: string): Promise<void> {
  await pipeline(createReadStream(src), createGzip({ level: constants.Z_BEST_COMPRESSION }), createWriteStream(dest));
}

export interface PackReport {
  files: { file: string; bytes: number }[];
  totalBytes: number;
}

export async function packRun(runDir: string, destDir: string): Promise<PackReport> {
  const labels = await readLabels(join(runDir, LABELS_FILE));
  if (labels.aborted) throw new LabError(`${runDir} holds an interrupted run; pack a complete one`);
  await mkdir(destDir, { recursive: true });
  const written: string[] = [];
  const gz = async (name: string): Promise<string> => {
    const out = name.endsWith('.gz') ? name : `${name}.gz`;
    if (name.endsWith('.gz')) await copyFile(join(runDir, name), join(destDir, out));
    else await gzipFile(join(runDir, name), join(destDir, out));
    written.push(out);
    return out;
  };
  const captures = [];
  for (const c of labels.captures) captures.push({ ...c, file: await gz(c.file) });
  const accessLogs = [];
  for (const a of labels.accessLogs) accessLogs.push({ ...a, file: await gz(a.file) });
  for (const a of labels.authLogs) {
    await copyFile(join(runDir, a.file), join(destDir, a.file));
    written.push(a.file);
  }
  const rel = relative(PROJECT_ROOT, labels.scenarioFile);
  const packed = { ...labels, scenarioFile: rel.startsWith('..') ? labels.scenarioFile : rel, captures, accessLogs };
  await writeFile(join(destDir, LABELS_FILE), `${JSON.stringify(packed, null, 2)}\n`);
  written.push(LABELS_FILE);
  const files = [];
  for (const f of written) files.push({ file: f, bytes: (await stat(join(destDir, f))).size });
  return { files, totalBytes: files.reduce((n, f) => n + f.bytes, 0) };
}
