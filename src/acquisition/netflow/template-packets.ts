/**
 * NetFlow v9 and IPFIX datagrams: a header, then sets (flowsets) of templates, options templates
 * or data. The two differ in header layout, set ids (0/1 vs 2/3), and IPFIX's enterprise bit and
 * variable-length fields; the record decoding is shared (templates.ts).
 */
import type { ExportedFlow } from './flow-record.js';
import {
  minRecordLength,
  readRecord,
  type TemplateCache,
  type TemplateField,
  type TimeBase,
} from './templates.js';
import type { DecodeResult } from './v5.js';

interface Dialect {
  name: 'v9' | 'ipfix';
  headerLength: number;
  templateSet: number;
  optionsSet: number;
}

const V9: Dialect = { name: 'v9', headerLength: 20, templateSet: 0, optionsSet: 1 };
const IPFIX: Dialect = { name: 'ipfix', headerLength: 16, templateSet: 2, optionsSet: 3 };

export function decodeV9(d: Uint8Array, exporter: string, cache: TemplateCache): DecodeResult {
  if (d.length < V9.headerLength) return { flows: [], problems: ['v9.truncated-header'] };
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const base: TimeBase = { exportMicros: v.getUint32(8) * 1e6, sysUptimeMs: v.getUint32(4) };
  const scope = `${exporter}|${v.getUint32(16)}`;
  const out = decodeSets(d, v, V9, scope, base, cache, d.length);
  return {
    ...out,
    sequence: {
      scope,
      value: v.getUint32(12),
      unit: 'datagrams',
      records: out.records,
      flowRecords: out.flows.length,
      specExact: true,
    },
  };
}

export function decodeIpfix(d: Uint8Array, exporter: string, cache: TemplateCache): DecodeResult {
  if (d.length < IPFIX.headerLength) return { flows: [], problems: ['ipfix.truncated-header'] };
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const scope = `${exporter}|${v.getUint32(12)}`;
  const declared = v.getUint16(2);
  const problems: string[] = [];
  if (declared > d.length) problems.push('ipfix.truncated-message');
  const base: TimeBase = { exportMicros: v.getUint32(4) * 1e6 };
  const init = cache.getSystemInit(scope);
  if (init !== undefined) base.systemInitMs = init;
  const out = decodeSets(d, v, IPFIX, scope, base, cache, Math.min(declared, d.length));
  out.problems.unshift(...problems);
  return {
    ...out,
    sequence: {
      scope,
      value: v.getUint32(8),
      unit: 'records',
      records: out.records,
      flowRecords: out.flows.length,
    },
  };
}

function decodeSets(
  d: Uint8Array,
  v: DataView,
  dialect: Dialect,
  scope: string,
  base: TimeBase,
  cache: TemplateCache,
  end: number,
): DecodeResult & { records: number } {
  const flows: ExportedFlow[] = [];
  const problems: string[] = [];
  let records = 0;
  let p = dialect.headerLength;
  while (p + 4 <= end) {
    const setId = v.getUint16(p);
    const setLen = v.getUint16(p + 2);
    if (setLen < 4 || p + setLen > end) {
      problems.push(`${dialect.name}.bad-set-length`);
      break;
    }
    const setEnd = p + setLen;
    if (setId === dialect.templateSet || setId === dialect.optionsSet) {
      readTemplates(v, dialect, setId === dialect.optionsSet, p + 4, setEnd, scope, cache, problems);
    } else if (setId >= 256) {
      const t = cache.get(scope, setId);
      if (t === undefined) problems.push(`${dialect.name}.unknown-template`);
      else {
        let r = p + 4;
        while (setEnd - r >= Math.max(1, t.minLength)) {
          const rec = readRecord(d, v, r, setEnd, t, base);
          if (rec === undefined || rec.length === 0) break;
          if (rec.systemInitMs !== undefined) {
            cache.setSystemInit(scope, rec.systemInitMs);
            base.systemInitMs = rec.systemInitMs;
          }
          records++;
          if (!t.isOptions) flows.push(rec.flow);
          r += rec.length;
        }
      }
    }
    p = setEnd;
  }
  return { flows, problems, records };
}

function readTemplates(
  v: DataView,
  dialect: Dialect,
  isOptions: boolean,
  p: number,
  end: number,
  scope: string,
  cache: TemplateCache,
  problems: string[],
): void {
  while (p + 4 <= end) {
    const id = v.getUint16(p);
    const fieldCount = v.getUint16(p + 2);
    p += 4;
    if (isOptions) {
      if (dialect.name === 'v9') {
        // v9 options template: scope length and option length in bytes, then scope and option fields.
        if (p > end) break;
        const scopeLen = fieldCount;
        const optionLen = v.getUint16(p);
        p += 2;
        const fields: TemplateField[] = [];
        for (let i = 0; i < (scopeLen + optionLen) / 4 && p + 4 <= end; i++, p += 4) {
          fields.push({ id: v.getUint16(p), length: v.getUint16(p + 2), enterprise: 0 });
        }
        cache.set(scope, id, { fields, isOptions: true, minLength: minRecordLength(fields) });
        continue;
      }
      // IPFIX options template: the scope field count follows; options data is only read for
      // systemInitTimeMilliseconds, so which fields are scope does not matter here.
      if (p + 2 > end) break;
      p += 2;
    }
    if (id < 256) {
      problems.push(`${dialect.name}.bad-template-id`);
      return;
    }
    const fields: TemplateField[] = [];
    for (let i = 0; i < fieldCount; i++) {
      if (p + 4 > end) {
        problems.push(`${dialect.name}.truncated-template`);
        return;
      }
      let fieldId = v.getUint16(p);
      const length = v.getUint16(p + 2);
      p += 4;
      let enterprise = 0;
      if (dialect.name === 'ipfix' && (fieldId & 0x8000) !== 0) {
        if (p + 4 > end) {
          problems.push('ipfix.truncated-template');
          return;
        }
        fieldId &= 0x7fff;
        enterprise = v.getUint32(p);
        p += 4;
      }
      fields.push({ id: fieldId, length, enterprise });
    }
    cache.set(scope, id, { fields, isOptions, minLength: minRecordLength(fields) });
    // v9 template flowsets may be padded to 4 bytes: stop on padding.
    if (end - p < 4) break;
  }
}
