import { describe, expect, it } from 'vitest';
import { chainFindings, GRID_CHAIN_DEFAULTS, type ChainFacts } from '../../src/modules/party/grid-chain.js';

const grid = (name: string, over: Partial<ChainFacts['grids'][number]> = {}): ChainFacts['grids'][number] => ({ code: name, name, kind: 'basic', branch: null, groups: [], ...over });
const branch = { id: 1, name: '第1网格党支部', fullMembers: 3 };
const group = (centers: { name: string; households: number }[]) => ({ id: 2, name: '3栋党小组', centers });
const codes = (f: ChainFacts) => chainFindings(f).map((x) => `${x.code}:${Object.values(x.params).join('/')}`);

describe('网格党建 checks', () => {
  it.each([
    ['a basic grid with no branch', { grids: [grid('第一网格')] }, ['grid_without_branch:第一网格']],
    ['a dedicated grid with no branch is not flagged', { grids: [grid('学校网格', { kind: 'dedicated' })] }, []],
    ['a branch with no group', { grids: [grid('g', { branch })] }, ['branch_without_groups:第1网格党支部']],
    ['a group with no central household', { grids: [grid('g', { branch, groups: [group([])] })] }, ['group_without_center:3栋党小组']],
    ['5 households: the floor is inside', { grids: [grid('g', { branch, groups: [group([{ name: '王', households: 5 }])] })] }, []],
    ['4 households: fewer than 5', { grids: [grid('g', { branch, groups: [group([{ name: '王', households: 4 }])] })] }, ['center_too_few:王/4/5']],
    ['15 households: the ceiling is inside', { grids: [grid('g', { branch, groups: [group([{ name: '王', households: 15 }])] })] }, []],
    ['16 households: more than 15', { grids: [grid('g', { branch, groups: [group([{ name: '王', households: 16 }])] })] }, ['center_too_many:王/16/15']],
  ])('%s', (_label, facts, expected) => {
    expect(codes(facts as ChainFacts)).toEqual(expected);
  });
  it('the range is configuration', () => {
    const f = { grids: [grid('g', { branch, groups: [group([{ name: '王', households: 16 }])] })] };
    expect(chainFindings(f, { ...GRID_CHAIN_DEFAULTS, centerHouseholdsMax: 20 })).toEqual([]);
    expect(chainFindings(f, { centerHouseholdsMin: 17, centerHouseholdsMax: 30 }).map((x) => x.code)).toEqual(['center_too_few']);
  });
});
