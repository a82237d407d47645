/** Zeek conn.log (TSV or JSON lines, plain or .gz) as a Flow source. */
import type { Flow } from '../../records/flow.js';
import { readLines, type ParsedFile } from '../text/read-lines.js';
import { ZeekConnParser } from './conn-log.js';

export { ZeekConnParser, parseZeekConn, kddFlagFromZeek } from './conn-log.js';

export async function readZeekConn(path: string): Promise<ParsedFile<Flow>> {
  const parser = new ZeekConnParser();
  const records: Flow[] = [];
  for await (const { line, lineNo } of readLines(path)) {
    const flow = parser.line(line, lineNo);
    if (flow !== undefined) records.push(flow);
  }
  return { records, problems: parser.problems };
}
