import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { KDD_ATTACK_CATEGORY, kddCategoryOf } from './kdd-categories.js';
import { KDD41_FEATURES, KDD41_SCHEMA } from './kdd-schema.js';
import { readLineBatches } from './line-source.js';
import { sharedDatasetsDir } from './shared-datasets.js';

const shared = sharedDatasetsDir();
const nslDir = shared && join(shared, 'nsl-kdd');

/** The small NSL-KDD side files use CR line ends, so split on any line end. */
async function sideFileRows(name: string): Promise<string[][]> {
  let text = '';
  for await (const b of readLineBatches(join(nslDir!, name))) text += b.lines.join('\n') + '\n';
  return text
    .split(/\r\n|\r|\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(','));
}

describe('KDD attack categories', () => {
  it('maps the attacks that only occur in KDDTest+ (DARPA 99)', () => {
    const expected: Record<string, string> = {
      apache2: 'dos',
      mailbomb: 'dos',
      processtable: 'dos',
      udpstorm: 'dos',
      mscan: 'probe',
      saint: 'probe',
      snmpgetattack: 'r2l',
      snmpguess: 'r2l',
      named: 'r2l',
      sendmail: 'r2l',
      xlock: 'r2l',
      xsnoop: 'r2l',
      worm: 'r2l',
      httptunnel: 'u2r',
      ps: 'u2r',
      sqlattack: 'u2r',
      xterm: 'u2r',
    };
    for (const [attack, cat] of Object.entries(expected)) expect(kddCategoryOf(attack), attack).toBe(cat);
    expect(kddCategoryOf('normal')).toBe('normal');
    expect(kddCategoryOf('no-such-attack')).toBeUndefined();
  });

  it('has 39 attacks plus normal, each in one of the four categories', () => {
    expect(KDD_ATTACK_CATEGORY.size).toBe(40);
    expect(new Set(KDD_ATTACK_CATEGORY.values())).toEqual(new Set(['normal', 'dos', 'probe', 'r2l', 'u2r']));
  });

  it.skipIf(!nslDir)('agrees with NSL-KDD Attack_Types.csv for every attack it lists', async () => {
    const rows = await sideFileRows('Attack_Types.csv.gz');
    const listed = rows.filter(([name]) => name !== 'unknown');
    expect(listed.length).toBeGreaterThanOrEqual(23);
    for (const [name, cat] of listed) expect(kddCategoryOf(name!), name).toBe(cat);
  });

  it.skipIf(!nslDir)('uses the feature names and kinds of NSL-KDD Field_Names.csv', async () => {
    const rows = await sideFileRows('Field_Names.csv.gz');
    expect(rows.map(([name]) => name)).toEqual([...KDD41_FEATURES]);
    const kinds = rows.map(([, kind]) => (kind === 'symbolic' ? 'categorical' : 'numeric'));
    expect(KDD41_SCHEMA.columns.map((c) => c.kind)).toEqual(kinds);
  });
});
