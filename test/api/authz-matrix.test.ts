/**
 * Every route × every demo account (and no account): the allowed/denied matrix.
 * A route missing from MATRIX fails this test, so adding a route forces a decision here.
 * Sample target: 府城社区 (460107002001), inside 府城街道, 琼山区.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';

const ACCOUNTS = ['admin', 'street', 'community', 'gridworker', 'gridworker2', 'department', 'sanitation', 'property', 'owners', 'mediator', 'resident', 'xincheng', 'nanchang'] as const;
type Who = (typeof ACCOUNTS)[number] | 'anonymous';

/** ok: the policy lets it through; 401/403: refused with unauthenticated / forbidden or out_of_scope; 404: a person outside the caller's scope does not exist for it. */
type Verdict = 'ok' | 401 | 403 | 404;
const all = (v: Verdict): Record<Who, Verdict> => Object.fromEntries([...ACCOUNTS, 'anonymous'].map((w) => [w, v])) as Record<Who, Verdict>;
const signedIn = (over: Partial<Record<Who, Verdict>> = {}) => ({ ...all('ok'), anonymous: 401 as Verdict, ...over });
const only = (ok: Who[]) => ({ ...all(403), anonymous: 401 as Verdict, ...Object.fromEntries(ok.map((w) => [w, 'ok' as Verdict])) });
const adminOnly = () => ({ ...all(403), admin: 'ok' as Verdict, anonymous: 401 as Verdict });
// 府城社区 is outside these accounts' subtrees (昌九社区 in 南昌, 新城区 in 呼和浩特)
const outside = { property: 403, owners: 403, xincheng: 403, nanchang: 403 } as const;

// grids: readers are staff who work the map; editors change it
const readersRole = { property: 403, owners: 403, resident: 403 } as const;
const gridReaders = () => signedIn({ ...readersRole, ...outside });
const gridEditors = () => ({ ...all(403), admin: 'ok' as Verdict, street: 'ok' as Verdict, community: 'ok' as Verdict, anonymous: 401 as Verdict });
const far = { type: 'Polygon', coordinates: [[[110.5, 20.1], [110.502, 20.1], [110.502, 20.102], [110.5, 20.102], [110.5, 20.1]]] };

// personal data: community staff and grid workers only; grid workers only for their own grids (府城社区 grid 001 = gridworker)
const residentRoles = (over: Partial<Record<Who, Verdict>> = {}) => ({ ...all(403), community: 'ok' as Verdict, gridworker: 'ok' as Verdict, gridworker2: 'ok' as Verdict, anonymous: 401 as Verdict, ...over });
const oneResident = () => residentRoles({ gridworker2: 404, nanchang: 404 });
const placeReaders = () => ({ ...all(403), admin: 'ok' as Verdict, street: 'ok' as Verdict, community: 'ok' as Verdict, gridworker: 'ok' as Verdict, gridworker2: 'ok' as Verdict, anonymous: 401 as Verdict });

// party and property: the street and community keep the register; property and owners' accounts read their place
const partyEditors = () => only(['admin', 'street', 'community', 'xincheng', 'nanchang']);
const creditManagers = () => only(['admin', 'street', 'department', 'sanitation', 'xincheng']);
const propertyReaders = () => only(['admin', 'street', 'community', 'xincheng', 'nanchang', 'property', 'owners']);

interface Case { url: string; body?: unknown; expect: Record<Who, Verdict>; }

const MATRIX: Record<string, Case> = {
  'GET /api/health': { url: '/api/health', expect: all('ok') },
  'GET /api/openapi.json': { url: '/api/openapi.json', expect: all('ok') },
  'GET /api/regions/:code': { url: '/api/regions/460107002001', expect: signedIn(outside) },
  'GET /api/regions/:code/children': { url: '/api/regions/460107002/children', expect: signedIn({ ...outside, community: 'ok', gridworker: 'ok', resident: 'ok' }) },
  'GET /api/regions': { url: '/api/regions?q=%E5%BA%9C%E5%9F%8E', expect: signedIn() },
  'GET /api/scope': { url: '/api/scope', expect: signedIn() },
  'POST /api/regions/import': { url: '/api/regions/import', body: { under: '460107' }, expect: adminOnly() },
  // a region outside the caller's scope is a 404 (region_not_found), past the policy
  'PUT /api/regions/:code/hotline': { url: '/api/regions/460107002001/hotline', body: { hotline: null }, expect: only(['admin', 'street', 'community', 'xincheng', 'nanchang']) },
  'POST /api/auth/login': { url: '/api/auth/login', body: { username: 'nobody', password: 'x' }, expect: all('ok') },
  'GET /api/auth/me': { url: '/api/auth/me', expect: signedIn() },
  'POST /api/auth/logout': { url: '/api/auth/logout', body: {}, expect: signedIn() },
  'GET /api/audit': { url: '/api/audit', expect: adminOnly() },
  'GET /api/audit/verify': { url: '/api/audit/verify', expect: adminOnly() },
  'GET /api/grids': { url: '/api/grids?region=460107002001', expect: gridReaders() },
  'GET /api/grids/locate': { url: '/api/grids/locate?lon=110.35&lat=19.98', expect: signedIn(readersRole) },
  'GET /api/grids/mine': { url: '/api/grids/mine', expect: { ...all(403), gridworker: 'ok', gridworker2: 'ok', anonymous: 401 } },
  'GET /api/grids/:code': { url: '/api/grids/460107002001001', expect: gridReaders() },
  'POST /api/grids': { url: '/api/grids', body: { communityCode: '460107002001', name: '矩阵测试', kind: 'basic', geometry: far }, expect: gridEditors() },
  'PUT /api/grids/:code': { url: '/api/grids/460107002001001', body: { version: 999, name: 'x' }, expect: gridEditors() },
  'DELETE /api/grids/:code': { url: '/api/grids/460107002001001?version=999', expect: gridEditors() },
  'POST /api/grids/import': { url: '/api/grids/import', body: { region: '460107002001', geojson: { type: 'x' }, dryRun: true }, expect: gridEditors() },
  'POST /api/grids/:code/staff': { url: '/api/grids/460107002001001/staff', body: { post: 'worker' }, expect: gridEditors() },
  'DELETE /api/grids/:code/staff/:staffId': { url: '/api/grids/460107002001001/staff/999999', expect: gridEditors() },
  'PUT /api/grids/:code/staff/:staffId': { url: '/api/grids/460107002001001/staff/999999', body: { workPhone: null }, expect: gridEditors() },
  'POST /api/grids/:code/staff/:staffId/photo': { url: '/api/grids/460107002001001/staff/999999/photo', body: {}, expect: gridEditors() },
  'GET /api/grids/:code/staff/:staffId/photo': { url: '/api/grids/460107002001001/staff/999999/photo', expect: signedIn(readersRole) },
  // contact cards: a grid or community outside the caller's scope is a 404 (grid_not_found, region_not_found), past the policy
  'GET /api/grids/:code/brief': { url: '/api/grids/460107002001001/brief', expect: signedIn() },
  'GET /api/grids/:code/card.pdf': { url: '/api/grids/460107002001001/card.pdf', expect: signedIn(readersRole) },
  'GET /api/grids/:code/card.png': { url: '/api/grids/460107002001001/card.png', expect: signedIn(readersRole) },
  'GET /api/regions/:code/grid-cards.pdf': { url: '/api/regions/460107002001/grid-cards.pdf', expect: signedIn(readersRole) },
  'GET /api/coverage/grids': { url: '/api/coverage/grids?region=460107002001', expect: gridReaders() },
  'GET /api/map/settings': { url: '/api/map/settings', expect: signedIn() },
  'GET /api/calendar': { url: '/api/calendar?year=2026', expect: signedIn() },
  'PUT /api/calendar/:date': { url: '/api/calendar/2030-01-01', body: { kind: 'holiday', name: '矩阵' }, expect: adminOnly() },
  'DELETE /api/calendar/:date': { url: '/api/calendar/2030-01-02', expect: adminOnly() },
  'GET /api/calendar/deadline': { url: '/api/calendar/deadline?from=2026-11-27T10:00:00Z&workingDays=1', expect: signedIn() },
  'GET /api/settings': { url: '/api/settings', expect: signedIn() },
  'PUT /api/settings/:key': { url: '/api/settings/grids.householdsPerBasicGrid', body: { value: null }, expect: adminOnly() },
  'GET /api/compounds': { url: '/api/compounds?region=460107002001', expect: placeReaders() },
  'POST /api/compounds': { url: '/api/compounds', body: { communityCode: '460107002001', name: '矩阵小区' }, expect: gridEditors() },
  'GET /api/compounds/:id': { url: '/api/compounds/1', expect: placeReaders() },
  'POST /api/compounds/:id/buildings': { url: '/api/compounds/1/buildings', body: { name: '矩阵楼', floors: 1, units: 1, roomsPerFloor: 1 }, expect: gridEditors() },
  'POST /api/households': { url: '/api/households', body: { gridCode: '460107002001001', address: '矩阵路1号' }, expect: residentRoles({ gridworker2: 403, nanchang: 403 }) },
  'GET /api/households/:id': { url: '/api/households/1', expect: residentRoles({ gridworker2: 404, nanchang: 404 }) },
  'GET /api/residents': { url: '/api/residents?region=460107002001', expect: residentRoles({ nanchang: 403 }) },
  'GET /api/residents/stats': { url: '/api/residents/stats?region=460107002001', expect: { ...placeReaders(), xincheng: 403 } },
  'GET /api/residents/:id': { url: '/api/residents/1', expect: oneResident() },
  'POST /api/residents': { url: '/api/residents', body: { name: 'x', idNumber: '1', householdId: 1, relation: 'owner', movedIn: '2000-01-01' }, expect: residentRoles({ nanchang: 'ok' }) },
  'PATCH /api/residents/:id': { url: '/api/residents/1', body: { version: 999 }, expect: oneResident() },
  'POST /api/residents/:id/move': { url: '/api/residents/1/move', body: { date: '2999-01-01' }, expect: oneResident() },
  'POST /api/residents/:id/death': { url: '/api/residents/1/death', body: { date: '2999-01-01' }, expect: oneResident() },
  'POST /api/residents/:id/reveal': { url: '/api/residents/1/reveal', body: { field: 'phone', reason: 'x' }, expect: residentRoles({ nanchang: 'ok' }) },
  'POST /api/residents/:id/care-groups': { url: '/api/residents/1/care-groups', body: { group: 'disabled' }, expect: oneResident() },
  'DELETE /api/residents/:id/care-groups/:group': { url: '/api/residents/1/care-groups/destitute', expect: oneResident() },
  'PUT /api/residents/:id/living-alone': { url: '/api/residents/1/living-alone', body: { value: true }, expect: oneResident() },
  'POST /api/residents/anonymise-expired': { url: '/api/residents/anonymise-expired', expect: adminOnly() },
  'GET /api/residents/import-template': { url: '/api/residents/import-template', expect: { ...all(403), community: 'ok', nanchang: 'ok', anonymous: 401 } },
  'POST /api/residents/import': { url: '/api/residents/import', body: {}, expect: { ...all(403), community: 'ok', nanchang: 'ok', anonymous: 401 } },
  'GET /api/residents/export': { url: '/api/residents/export?region=460107002001', expect: residentRoles({ nanchang: 403 }) },
  'POST /api/residents/export': { url: '/api/residents/export', body: { region: '460107002001', grid: '460107002001001' }, expect: residentRoles({ nanchang: 403 }) },

  // cases: ids that do not exist, so each row tests the policy gate and nothing else
  'GET /api/case-categories': { url: '/api/case-categories', expect: signedIn() },
  'POST /api/case-categories': { url: '/api/case-categories', body: { code: '99', name: '矩阵', nameEn: 'Matrix' }, expect: adminOnly() },
  'PUT /api/case-categories/:code': { url: '/api/case-categories/999999', body: {}, expect: adminOnly() },
  'GET /api/departments': { url: '/api/departments?region=460107002', expect: only(['admin', 'street', 'community', 'gridworker', 'gridworker2', 'department', 'sanitation']) },
  'POST /api/case-photos': { url: '/api/case-photos', body: {}, expect: only(['street', 'community', 'gridworker', 'gridworker2', 'department', 'sanitation', 'property', 'resident', 'xincheng', 'nanchang']) },
  'GET /api/case-photos/:id': { url: '/api/case-photos/00000000-0000-4000-8000-000000000000', expect: signedIn() },
  'POST /api/cases': { url: '/api/cases', body: {}, expect: only(['street', 'community', 'gridworker', 'gridworker2', 'resident', 'xincheng', 'nanchang']) },
  'POST /api/intake/hotline': { url: '/api/intake/hotline', body: {}, expect: all('ok') },
  'GET /api/cases': { url: '/api/cases', expect: signedIn({ owners: 403, mediator: 403 }) },
  'GET /api/cases/export': { url: '/api/cases/export', expect: signedIn({ owners: 403, mediator: 403 }) },
  'POST /api/cases/export': { url: '/api/cases/export', body: { q: '矩阵' }, expect: signedIn({ owners: 403, mediator: 403 }) },
  // a job is its starter's alone: any signed-in account may ask, and another account's job does not exist for it (job_not_found)
  'GET /api/jobs/:id': { url: '/api/jobs/999999', expect: signedIn() },
  'GET /api/jobs/:id/file': { url: '/api/jobs/999999/file', expect: signedIn() },
  'GET /api/metrics/cases/export': { url: '/api/metrics/cases/export?region=460107002001&from=2026-01-01&to=2026-12-31', expect: only(['admin', 'street', 'community', 'gridworker', 'gridworker2', 'department', 'sanitation']) },
  'GET /api/cases/:id': { url: '/api/cases/999999', expect: signedIn({ owners: 403, mediator: 403 }) },
  'POST /api/cases/:id/actions': { url: '/api/cases/999999/actions', body: { action: 'register', version: 1 }, expect: only(['street', 'community', 'gridworker', 'gridworker2', 'department', 'sanitation', 'property', 'xincheng', 'nanchang']) },
  'POST /api/cases/:id/reveal-contact': { url: '/api/cases/999999/reveal-contact', body: { reason: '电话回访' }, expect: only(['street', 'community', 'gridworker', 'gridworker2', 'department', 'sanitation', 'property', 'xincheng', 'nanchang']) },
  'POST /api/cases/:id/whistle': { url: '/api/cases/999999/whistle', body: { version: 1, reason: 'emergency', leadDepartmentId: 1 }, expect: only(['street', 'xincheng', 'community', 'nanchang']) },
  'POST /api/cases/:id/tasks/:taskId/report-in': { url: '/api/cases/999999/tasks/1/report-in', body: { handlerName: 'x' }, expect: only(['department', 'sanitation']) },
  'POST /api/cases/:id/tasks/:taskId/done': { url: '/api/cases/999999/tasks/1/done', body: { result: 'x' }, expect: only(['department', 'sanitation']) },
  'POST /api/cases/:id/tasks/:taskId/rating': { url: '/api/cases/999999/tasks/1/rating', body: { score: 5 }, expect: only(['street', 'xincheng']) },
  'POST /api/cases/:id/rating': { url: '/api/cases/999999/rating', body: { satisfaction: 'satisfied' }, expect: only(['street', 'community', 'gridworker', 'gridworker2', 'resident', 'xincheng', 'nanchang']) },
  'GET /api/departments/mine/tasks': { url: '/api/departments/mine/tasks', expect: only(['department', 'sanitation']) },
  'GET /api/notifications': { url: '/api/notifications', expect: signedIn() },
  'POST /api/notifications/:id/read': { url: '/api/notifications/999999/read', body: {}, expect: signedIn() },
  'POST /api/notifications/read-all': { url: '/api/notifications/read-all', body: {}, expect: signedIn() },
  // campaigns: streets and communities start them, grid workers and community staff answer; an unknown id is a 404 past the gate
  'POST /api/campaigns': { url: '/api/campaigns', body: {}, expect: only(['admin', 'street', 'community', 'xincheng', 'nanchang']) },
  'GET /api/campaigns': { url: '/api/campaigns', expect: only(['admin', 'street', 'community', 'gridworker', 'gridworker2', 'xincheng', 'nanchang']) },
  'GET /api/campaigns/mine': { url: '/api/campaigns/mine', expect: only(['admin', 'street', 'community', 'gridworker', 'gridworker2', 'xincheng', 'nanchang']) },
  'GET /api/campaigns/:id': { url: '/api/campaigns/999999', expect: only(['admin', 'street', 'community', 'gridworker', 'gridworker2', 'xincheng', 'nanchang']) },
  'GET /api/campaigns/:id/items': { url: '/api/campaigns/999999/items', expect: only(['admin', 'street', 'community', 'gridworker', 'gridworker2', 'xincheng', 'nanchang']) },
  'GET /api/campaigns/:id/export': { url: '/api/campaigns/999999/export', expect: only(['admin', 'street', 'community', 'xincheng', 'nanchang']) },
  'POST /api/campaigns/:id/close': { url: '/api/campaigns/999999/close', body: {}, expect: only(['admin', 'street', 'community', 'xincheng', 'nanchang']) },
  'POST /api/campaign-items/:id/answer': { url: '/api/campaign-items/999999/answer', body: {}, expect: only(['community', 'gridworker', 'gridworker2', 'nanchang']) },
  'POST /api/campaign-items/:id/case': { url: '/api/campaign-items/999999/case', body: {}, expect: only(['street', 'community', 'gridworker', 'gridworker2', 'xincheng', 'nanchang']) },
  'GET /api/metrics/cases': { url: '/api/metrics/cases?region=460107002001&from=2026-01-01&to=2026-12-31', expect: only(['admin', 'street', 'community', 'gridworker', 'gridworker2', 'department', 'sanitation']) },
  'POST /api/cases/sweep': { url: '/api/cases/sweep', body: {}, expect: adminOnly() },
  'GET /api/integrations': { url: '/api/integrations', expect: adminOnly() },
  'POST /api/integrations': { url: '/api/integrations', body: { kind: 'hotline', name: '矩阵', region: '460107' }, expect: adminOnly() },
  'DELETE /api/integrations/:id': { url: '/api/integrations/999999', expect: adminOnly() },
  // party organisations and red property (昌九社区 = nanchang's, property's and owners' community); writes with an
  // empty body test the policy gate only (an allowed caller gets 400 validation), ids that do not exist likewise
  'GET /api/post-holders': { url: '/api/post-holders?region=360111005014', expect: only(['admin', 'nanchang']) },
  'POST /api/post-holders': { url: '/api/post-holders', body: {}, expect: partyEditors() },
  'POST /api/post-holders/:id/reveal': { url: '/api/post-holders/999999/reveal', body: { field: 'phone', reason: '' }, expect: only(['street', 'community', 'xincheng', 'nanchang']) },
  'GET /api/party-orgs': { url: '/api/party-orgs?region=360111005014', expect: only(['admin', 'nanchang']) },
  'POST /api/party-orgs': { url: '/api/party-orgs', body: {}, expect: partyEditors() },
  'GET /api/party-orgs/:id': { url: '/api/party-orgs/999999', expect: partyEditors() },
  'PATCH /api/party-orgs/:id': { url: '/api/party-orgs/999999', body: {}, expect: partyEditors() },
  'POST /api/party-orgs/:id/units': { url: '/api/party-orgs/999999/units', body: {}, expect: partyEditors() },
  'POST /api/party-orgs/:id/members': { url: '/api/party-orgs/999999/members', body: {}, expect: partyEditors() },
  'POST /api/party-orgs/:id/members/:memberId/end': { url: '/api/party-orgs/999999/members/1/end', body: {}, expect: partyEditors() },
  'PUT /api/party-orgs/:id/members/:memberId/status': { url: '/api/party-orgs/999999/members/1/status', body: {}, expect: partyEditors() },
  'POST /api/party-orgs/:id/officers': { url: '/api/party-orgs/999999/officers', body: {}, expect: partyEditors() },
  'POST /api/posts': { url: '/api/posts', body: {}, expect: partyEditors() },
  'POST /api/posts/:id/end': { url: '/api/posts/999999/end', body: {}, expect: partyEditors() },
  'GET /api/cross-appointments': { url: '/api/cross-appointments?region=360111005014', expect: only(['admin', 'nanchang']) },
  'POST /api/party-instructors': { url: '/api/party-instructors', body: {}, expect: partyEditors() },
  'POST /api/party-instructors/:id/end': { url: '/api/party-instructors/999999/end', body: {}, expect: partyEditors() },
  'GET /api/party-units': { url: '/api/party-units?region=360111005014&kind=property', expect: only(['admin', 'nanchang']) },
  'GET /api/coverage/party': { url: '/api/coverage/party?region=360111005014', expect: only(['admin', 'nanchang']) },
  'GET /api/property-companies': { url: '/api/property-companies?region=360111005014', expect: only(['admin', 'nanchang', 'property', 'owners']) },
  'POST /api/property-companies': { url: '/api/property-companies', body: {}, expect: partyEditors() },
  'GET /api/property-companies/:id': { url: '/api/property-companies/999999', expect: propertyReaders() },
  'POST /api/property-companies/:id/outlets': { url: '/api/property-companies/999999/outlets', body: {}, expect: partyEditors() },
  'POST /api/property-contracts': { url: '/api/property-contracts', body: {}, expect: partyEditors() },
  'GET /api/owners-committees': { url: '/api/owners-committees?region=360111005014', expect: only(['admin', 'nanchang', 'property', 'owners']) },
  'POST /api/owners-committees': { url: '/api/owners-committees', body: {}, expect: partyEditors() },
  'GET /api/owners-committees/:id': { url: '/api/owners-committees/999999', expect: propertyReaders() },
  'PATCH /api/owners-committees/:id': { url: '/api/owners-committees/999999', body: {}, expect: partyEditors() },
  'POST /api/owners-committees/:id/elections': { url: '/api/owners-committees/999999/elections', body: {}, expect: partyEditors() },
  'POST /api/owners-committees/:id/documents': { url: '/api/owners-committees/999999/documents', body: {}, expect: partyEditors() },
  'GET /api/compound-documents/:id': { url: '/api/compound-documents/999999', expect: propertyReaders() },
  'PUT /api/compounds/:id/demonstration': { url: '/api/compounds/999999/demonstration', body: {}, expect: partyEditors() },
  'GET /api/disclosures': { url: '/api/disclosures?region=360111005014', expect: only(['admin', 'nanchang', 'property', 'owners']) },
  'POST /api/disclosures': { url: '/api/disclosures', body: {}, expect: only(['admin', 'community', 'nanchang', 'property', 'owners']) },
  'GET /api/disclosures/compliance': { url: '/api/disclosures/compliance?region=360111005014', expect: only(['admin', 'nanchang']) },
  'GET /api/disclosures/:id': { url: '/api/disclosures/999999', expect: only(['admin', 'street', 'community', 'department', 'sanitation', 'property', 'owners', 'resident', 'xincheng', 'nanchang']) },
  'GET /api/compounds/mine': { url: '/api/compounds/mine', expect: only(['resident']) },
  'POST /api/disclosure-files': { url: '/api/disclosure-files', body: {}, expect: only(['admin', 'community', 'nanchang', 'property', 'owners']) },
  'GET /api/disclosure-files/:id': { url: '/api/disclosure-files/00000000-0000-4000-8000-000000000000', expect: only(['admin', 'street', 'community', 'department', 'sanitation', 'property', 'owners', 'resident', 'xincheng', 'nanchang']) },
  'DELETE /api/disclosure-files/:id': { url: '/api/disclosure-files/00000000-0000-4000-8000-000000000000', expect: only(['admin', 'community', 'nanchang', 'property', 'owners']) },
  'POST /api/disclosures/overdue-sweep': { url: '/api/disclosures/overdue-sweep', body: {}, expect: adminOnly() },
  'POST /api/disclosures/:id/questions': { url: '/api/disclosures/999999/questions', body: {}, expect: only(['resident']) },
  'POST /api/fee-collection-measures': { url: '/api/fee-collection-measures', body: {}, expect: only(['community', 'nanchang', 'property']) },
  'GET /api/credit-schemes': { url: '/api/credit-schemes', expect: only(['admin', 'street', 'community', 'department', 'sanitation', 'property', 'xincheng', 'nanchang']) },
  'POST /api/credit-schemes': { url: '/api/credit-schemes', body: {}, expect: adminOnly() },
  'GET /api/credit-periods': { url: '/api/credit-periods?region=360111005014', expect: only(['admin', 'nanchang', 'property']) },
  'POST /api/credit-periods': { url: '/api/credit-periods', body: {}, expect: creditManagers() },
  'GET /api/credit-periods/:id': { url: '/api/credit-periods/999999', expect: only(['admin', 'street', 'community', 'department', 'sanitation', 'property', 'xincheng', 'nanchang']) },
  'PUT /api/credit-periods/:id/appraisals': { url: '/api/credit-periods/999999/appraisals', body: {}, expect: only(['admin', 'street', 'community', 'department', 'sanitation', 'xincheng', 'nanchang']) },
  'POST /api/credit-records': { url: '/api/credit-records', body: {}, expect: only(['admin', 'street', 'community', 'department', 'sanitation', 'xincheng', 'nanchang']) },
  'GET /api/credit-surveys/open': { url: '/api/credit-surveys/open', expect: only(['resident']) },
  'POST /api/credit-periods/:id/survey': { url: '/api/credit-periods/999999/survey', body: {}, expect: only(['resident']) },
  'POST /api/credit-periods/:id/compute': { url: '/api/credit-periods/999999/compute', expect: creditManagers() },
  'POST /api/credit-periods/:id/publish': { url: '/api/credit-periods/999999/publish', body: { appealDays: 10 }, expect: creditManagers() },
  'POST /api/credit-periods/:id/fix': { url: '/api/credit-periods/999999/fix', expect: creditManagers() },
  'GET /api/public/credit-lists': { url: '/api/public/credit-lists?region=360103013', expect: all('ok') },
  'GET /api/public/credit-lists/:periodId/companies/:companyId': { url: '/api/public/credit-lists/999999/companies/1', expect: all('ok') },
  'GET /api/party-grid-chain': { url: '/api/party-grid-chain?community=460107002001', expect: only(['admin', 'street', 'community']) },
  'POST /api/party-center-households': { url: '/api/party-center-households', body: {}, expect: partyEditors() },
  'POST /api/party-center-households/:id/end': { url: '/api/party-center-households/999999/end', body: { to: '2026-01-01' }, expect: partyEditors() },
  'GET /api/credit-periods/:id/appeals': { url: '/api/credit-periods/999999/appeals', expect: only(['admin', 'street', 'community', 'department', 'sanitation', 'property', 'xincheng', 'nanchang']) },
  'POST /api/credit-periods/:id/appeals': { url: '/api/credit-periods/999999/appeals', body: { reason: '矩阵测试申诉理由十个字以上' }, expect: only(['property']) },
  'POST /api/credit-appeals/:id/decision': { url: '/api/credit-appeals/999999/decision', body: { decision: 'rejected', reply: '矩阵测试' }, expect: creditManagers() },
  'GET /api/me/household': { url: '/api/me/household', expect: only(['resident']) },
  'PUT /api/me/household': { url: '/api/me/household', body: { name: '无此人', idNumber: '11010519491231002X' }, expect: only(['resident']) },
  'DELETE /api/me/household': { url: '/api/me/household', expect: only(['resident']) },
  'PUT /api/property-companies/:id/accounts': { url: '/api/property-companies/999999/accounts', body: { username: 'property' }, expect: partyEditors() },
  'DELETE /api/property-companies/:id/accounts/:accountId': { url: '/api/property-companies/999999/accounts/1', expect: partyEditors() },
  'PUT /api/owners-committees/:id/accounts': { url: '/api/owners-committees/999999/accounts', body: { username: 'owners' }, expect: partyEditors() },
  'DELETE /api/owners-committees/:id/accounts/:accountId': { url: '/api/owners-committees/999999/accounts/1', expect: partyEditors() },
  // patrols and illegal structures: grid workers and community staff walk and register; the street follows; the track per patrol
  'GET /api/patrols': { url: '/api/patrols', expect: only(['admin', 'street', 'community', 'gridworker', 'gridworker2', 'xincheng', 'nanchang']) },
  'POST /api/patrols': { url: '/api/patrols', body: { kind: 'matrix' }, expect: only(['community', 'gridworker', 'gridworker2', 'nanchang']) },
  'GET /api/patrols/:id': { url: '/api/patrols/999999', expect: only(['admin', 'street', 'community', 'gridworker', 'gridworker2', 'xincheng', 'nanchang']) },
  'POST /api/patrols/:id/points': { url: '/api/patrols/999999/points', body: { points: [] }, expect: only(['community', 'gridworker', 'gridworker2', 'nanchang']) },
  'POST /api/patrols/:id/end': { url: '/api/patrols/999999/end', body: {}, expect: only(['community', 'gridworker', 'gridworker2', 'nanchang']) },
  'POST /api/patrols/:id/cases': { url: '/api/patrols/999999/cases', body: {}, expect: only(['community', 'gridworker', 'gridworker2', 'nanchang']) },
  'GET /api/patrols/:id/track': { url: '/api/patrols/999999/track', expect: only(['street', 'community', 'gridworker', 'gridworker2', 'xincheng', 'nanchang']) },
  'POST /api/illegal-structures/photos': { url: '/api/illegal-structures/photos', body: {}, expect: only(['community', 'gridworker', 'gridworker2', 'nanchang']) },
  'GET /api/illegal-structures/photos/:id': { url: '/api/illegal-structures/photos/00000000-0000-4000-8000-000000000000', expect: only(['admin', 'street', 'community', 'gridworker', 'gridworker2', 'xincheng', 'nanchang']) },
  'GET /api/illegal-structures': { url: '/api/illegal-structures?region=460107002001', expect: only(['admin', 'street', 'community', 'gridworker', 'gridworker2']) },
  'GET /api/illegal-structures/counts': { url: '/api/illegal-structures/counts?region=460107002001', expect: only(['admin', 'street', 'community', 'gridworker', 'gridworker2']) },
  'POST /api/illegal-structures': { url: '/api/illegal-structures', body: {}, expect: only(['community', 'gridworker', 'gridworker2', 'nanchang']) },
  'GET /api/illegal-structures/:id': { url: '/api/illegal-structures/999999', expect: only(['admin', 'street', 'community', 'gridworker', 'gridworker2', 'xincheng', 'nanchang']) },
  'POST /api/illegal-structures/:id/steps': { url: '/api/illegal-structures/999999/steps', body: {}, expect: only(['street', 'community', 'gridworker', 'gridworker2', 'xincheng', 'nanchang']) },
  // visits and care plans: field work with named residents is community staff's and grid workers' (grid workers: their grids);
  // empty bodies test the policy gate only (an allowed caller gets 400 validation), ids that do not exist likewise
  'POST /api/visits': { url: '/api/visits', body: {}, expect: residentRoles({ nanchang: 'ok' }) },
  'GET /api/visits': { url: '/api/visits?date=2026-12-01&mine=true', expect: residentRoles({ nanchang: 'ok' }) },
  'GET /api/visits/:id': { url: '/api/visits/999999', expect: residentRoles({ nanchang: 'ok' }) },
  'GET /api/contacts': { url: '/api/contacts?household=1', expect: residentRoles({ gridworker2: 404, nanchang: 404 }) },
  'POST /api/visits/:id/case': { url: '/api/visits/999999/case', body: {}, expect: residentRoles({ nanchang: 'ok' }) },
  'POST /api/sentiments/:id/case': { url: '/api/sentiments/999999/case', body: {}, expect: residentRoles({ nanchang: 'ok' }) },
  'POST /api/proxy-services': { url: '/api/proxy-services', body: {}, expect: residentRoles({ nanchang: 'ok' }) },
  'GET /api/visit-topics': { url: '/api/visit-topics', expect: only(['admin', 'street', 'community', 'gridworker', 'gridworker2', 'xincheng', 'nanchang']) },
  'PUT /api/visit-topics/:code': { url: '/api/visit-topics/matrix', body: {}, expect: adminOnly() },
  // the due list's names are masked for those who may not see residents; a grid outside the scope is grid_not_found
  'GET /api/care/due': { url: '/api/care/due?grid=460107002001001', expect: only(['admin', 'street', 'community', 'gridworker', 'gridworker2', 'xincheng', 'nanchang']) },
  'GET /api/care/compliance': { url: '/api/care/compliance?region=460107002001', expect: only(['admin', 'street', 'community', 'gridworker', 'gridworker2']) },
  'GET /api/care/rules': { url: '/api/care/rules', expect: only(['admin', 'street', 'community', 'gridworker', 'gridworker2', 'xincheng', 'nanchang']) },
  'POST /api/care/rules': { url: '/api/care/rules', body: {}, expect: adminOnly() },
  'PUT /api/care/rules/:id': { url: '/api/care/rules/999999', body: {}, expect: adminOnly() },
};

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(() => t.close());

describe('authorisation matrix', () => {
  it('covers every registered route, and nothing that no longer exists', () => {
    const registered = t.app.routes.map((r) => `${r.method} ${r.url}`).sort();
    expect(Object.keys(MATRIX).sort()).toEqual(registered);
  });

  it('holds for every route and every demo account', async () => {
    const sessions = new Map<string, Awaited<ReturnType<TestApp['login']>>>();
    for (const who of ACCOUNTS) sessions.set(who, await t.login(who));
    const failures: string[] = [];
    for (const route of t.app.routes) {
      const key = `${route.method} ${route.url}`;
      const c = MATRIX[key];
      if (!c) { failures.push(`${key}: no row in MATRIX`); continue; }
      for (const who of [...ACCOUNTS, 'anonymous'] as Who[]) {
        // logout ends the session, so it gets a fresh one
        const s = who === 'anonymous' ? null : key === 'POST /api/auth/logout' ? await t.login(who) : sessions.get(who)!;
        const r = route.method === 'GET' ? await t.get(c.url, s) : await t.send(route.method as 'POST', c.url, c.body, s);
        const code = r.body?.error?.code;
        const got: Verdict = code === 'unauthenticated' ? 401 : code === 'forbidden' || code === 'out_of_scope' ? 403 : code === 'resident_not_found' || code === 'household_not_found' ? 404 : 'ok';
        if (got !== c.expect[who]) failures.push(`${key} as ${who}: expected ${c.expect[who]}, got ${got} (${r.status} ${code ?? ''})`);
        if (got === 'ok' && r.status >= 500) failures.push(`${key} as ${who}: ${r.status}`);
      }
    }
    expect(failures).toEqual([]);
  }, 180_000); // every route × every account: one request each, on a real database
});
