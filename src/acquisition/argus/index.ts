/** argus flow records (ra CSV) as a Flow source. */
import type { Flow } from '../../records/flow.js';
import { readLines, type ParsedFile } from '../text/read-lines.js';
import { ArgusCsvParser } from './argus-csv.js';

export { ARGUS_FIELDS, ArgusCsvParser, parseArgusCsv, kddFlagFromArgus } from './argus-csv.js';

/** Read a CSV file written by `ra -u -n -c , -s <ARGUS_FIELDS>` (plain or .gz). */
export async function readArgusCsv(path: string): Promise<ParsedFile<Flow>> {
  const parser = new ArgusCsvParser();
  const records: Flow[] = [];
  for await (const { line, lineNo } of readLines(path)) {
    const flow = parser.line(line, lineNo);
    if (flow !== undefined) records.push(flow);
  }
  return { records, problems: parser.problems };
}
