/** Suricata EVE JSON (plain or .gz) as a source of Flow and Alert records. */
import { readLines } from '../text/read-lines.js';
import { EveParser, type EveRecords } from './eve-event.js';

export { EveParser, kddFlagFromTcpFlags, type EveRecords } from './eve-event.js';

export async function readEve(path: string): Promise<EveRecords> {
  const parser = new EveParser();
  for await (const { line, lineNo } of readLines(path)) parser.line(line, lineNo);
  return parser.out;
}
