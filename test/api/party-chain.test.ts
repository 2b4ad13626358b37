/** 网格党建 through HTTP: grid branches, building/lane groups, 党员中心户, the chain view and its checks (issue #5). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Session, type TestApp } from '../support/app.js';

const FUCHENG = '460107002001'; // 府城社区
let t: TestApp;
let community: Session, street: Session, nanchang: Session;
beforeAll(async () => {
  t = await testApp();
  [community, street, nanchang] = await Promise.all(['community', 'street', 'nanchang'].map((u) => t.login(u)));
});
afterAll(() => t.close());

const chain = (s: Session, lang = 'zh-CN') => t.get(`/api/party-grid-chain?community=${FUCHENG}`, s, { 'accept-language': lang });

describe('the grid party chain of 府城社区', () => {
  it('the demo: three grid branches, each with a building group and a central household; the other grids flagged', async () => {
    const r = await chain(community);
    expect(r.status).toBe(200);
    expect(r.body.totals).toMatchObject({ grids: 7, basicGrids: 6, gridsWithBranch: 3, groups: 3, centers: 3, householdsReached: 12 + 9 + 18 });
    expect(r.body.totals.households).toBeGreaterThan(0);
    const g1 = r.body.grids[0];
    expect(g1.branch.name).toBe('中共府城社区第1网格党支部');
    expect(g1.groups[0].attached.kind).toBe('building');
    expect(g1.groups[0].centers[0]).toMatchObject({ name: '林秀珍', households: 12 });
    const codes = r.body.findings.map((f: any) => f.code);
    expect(codes.filter((c: string) => c === 'grid_without_branch')).toHaveLength(3);
    expect(codes).toContain('center_too_many'); // 18 > 15
    expect(r.body.findings.find((f: any) => f.code === 'center_too_many').message).toContain('超过 15 户');
    expect((await chain(community, 'en')).body.findings.find((f: any) => f.code === 'center_too_many').message).toMatch(/^The central household of/);
  });

  it('a grid branch belongs to its grid\'s own community; a group hangs under it on a building or a named lane', async () => {
    const before = (await chain(community)).body;
    const g4 = before.grids.find((g: any) => !g.branch && g.kind === 'basic');
    const committee = (await t.get(`/api/party-orgs?region=${FUCHENG}`, community)).body.items.find((o: any) => o.name === '中共府城社区委员会');
    // attached to the grid but registered on the street: refused
    const wrong = await t.send('POST', '/api/party-orgs', { name: '错误网格党支部', kind: 'branch', regionCode: '460107002', parentId: committee.id, attached: { kind: 'grid', ref: g4.code } }, street);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('party_unit_out_of_region');
    const b = await t.send('POST', '/api/party-orgs', { name: `中共府城社区第${g4.number}网格党支部`, kind: 'branch', regionCode: FUCHENG, parentId: committee.id, attached: { kind: 'grid', ref: g4.code } }, community);
    expect(b.status).toBe(201);
    const lane = await t.send('POST', '/api/party-orgs', { name: '文庄路巷道党小组', kind: 'group', regionCode: FUCHENG, parentId: b.body.id, attached: { kind: 'area', ref: '文庄路20号巷道' } }, community);
    expect(lane.status).toBe(201);
    // a person becomes a member of the group, then its central household
    const holder = await t.send('POST', '/api/post-holders', { name: '符海燕', regionCode: FUCHENG, partyStatus: 'full' }, community);
    expect(holder.status).toBe(201);
    const outsider = await t.send('POST', '/api/post-holders', { name: '黎明', regionCode: FUCHENG, partyStatus: 'full' }, community);
    const notMember = await t.send('POST', '/api/party-center-households', { orgId: lane.body.id, holderId: outsider.body.id, households: 10, from: '2026-01-01' }, community);
    expect(notMember.status).toBe(400);
    expect(notMember.body.error.code).toBe('center_not_member');
    expect((await t.send('POST', `/api/party-orgs/${lane.body.id}/members`, { holderId: holder.body.id, status: 'full', joinedOn: '2001-07-01' }, community)).status).toBe(201);
    // on the branch itself, not a group: refused
    expect((await t.send('POST', '/api/party-center-households', { orgId: b.body.id, holderId: holder.body.id, households: 10, from: '2026-01-01' }, community)).body.error.code).toBe('center_org_not_group');
    expect((await t.send('POST', '/api/party-center-households', { orgId: lane.body.id, holderId: holder.body.id, households: 0, from: '2026-01-01' }, community)).body.error.code).toBe('center_households_invalid');
    const c = await t.send('POST', '/api/party-center-households', { orgId: lane.body.id, holderId: holder.body.id, address: '文庄路20号3号', households: 10, from: '2026-01-01' }, community);
    expect(c.status).toBe(201);
    expect((await t.send('POST', '/api/party-center-households', { orgId: lane.body.id, holderId: holder.body.id, households: 8, from: '2026-02-01' }, community)).body.error.code).toBe('center_already');

    const after = (await chain(community)).body;
    expect(after.totals.gridsWithBranch).toBe(before.totals.gridsWithBranch + 1);
    expect(after.totals.centers).toBe(before.totals.centers + 1);
    const g = after.grids.find((x: any) => x.code === g4.code);
    expect(g.groups[0]).toMatchObject({ name: '文庄路巷道党小组', attached: { kind: 'area', name: '文庄路20号巷道' } });

    // ended, kept: the chain no longer counts it
    expect((await t.send('POST', `/api/party-center-households/${c.body.id}/end`, { to: '2025-12-31' }, community)).body.error.code).toBe('end_before_start');
    expect((await t.send('POST', `/api/party-center-households/${c.body.id}/end`, { to: '2026-06-30' }, community)).status).toBe(200);
    expect((await t.send('POST', `/api/party-center-households/${c.body.id}/end`, { to: '2026-07-01' }, community)).body.error.code).toBe('center_ended');
    expect((await chain(community)).body.totals.centers).toBe(before.totals.centers);
    expect((await t.db.query('SELECT to_on::text AS "to" FROM party_center_household WHERE id = $1', [c.body.id])).rows[0].to).toBe('2026-06-30');
  });

  it('only a community; and only in scope', async () => {
    expect((await t.get('/api/party-grid-chain?community=460107002', street)).body.error.code).toBe('chain_community_required');
    expect((await t.get(`/api/party-grid-chain?community=${FUCHENG}`, nanchang)).status).toBe(403);
    const first = (await chain(community)).body.grids[0].groups[0].centers[0];
    expect((await t.send('POST', `/api/party-center-households/${first.id}/end`, { to: '2026-06-30' }, nanchang)).body.error.code).toBe('center_not_found');
  });
});
