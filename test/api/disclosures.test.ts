/** Disclosures (公示, 民法典 943/944) through HTTP: publish, read as a resident, ask, compliance, refusals. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepPendingFiles } from '../../src/modules/property/disclosure-files.js';
import { sweepOverdueDisclosures } from '../../src/modules/property/disclosure-overdue.js';
import { testApp, type Session, type TestApp } from '../support/app.js';

let t: TestApp;
let nanchang: Session, property: Session, owners: Session, changjiu: Session, resident: Session, zhandong: Session, housing: Session, admin: Session;
beforeAll(async () => {
  t = await testApp();
  [nanchang, property, owners, changjiu, resident, zhandong, housing, admin] = await Promise.all(['nanchang', 'property', 'owners', 'changjiu', 'resident', 'zhandong', 'housing', 'admin'].map((u) => t.login(u)));
});
afterAll(() => t.close());

const compoundId = async (name: string) => (await t.db.query('SELECT id FROM compound WHERE name = $1', [name])).rows[0].id as number;
const count = async () => (await t.db.query('SELECT count(*)::int AS n FROM disclosure')).rows[0].n as number;
const statement = { opening: 1_000_000, income: [{ item: '业主缴存', amount: 250_000 }], spending: [{ item: '电梯维修', amount: 400_000 }], closing: 850_000 };

describe('publishing', () => {
  it('the company publishes a quarterly fund statement; the compound\'s residents read it, others do not', async () => {
    const cj = await compoundId('昌九小区');
    const r = await t.send('POST', '/api/disclosures', { compoundId: cj, category: 'maintenance_fund', period: '2026-Q3', title: '三季度维修资金', content: '明细如下', figures: statement }, property);
    expect(r.status).toBe(201);
    expect(r.body.publisher).toMatchObject({ kind: 'property_company', name: '南昌红心物业服务有限公司' });
    expect(r.body).toMatchObject({ period: '2026-Q3', periodStart: '2026-07-01', periodEnd: '2026-09-30', figures: statement });
    const mine = await t.get('/api/compounds/mine', changjiu);
    expect(mine.body.items.map((c: any) => c.name)).toContain('昌九小区');
    const list = await t.get(`/api/disclosures?compound=${cj}`, changjiu);
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({ id: r.body.id, title: '三季度维修资金' });
    expect((await t.get(`/api/disclosures/${r.body.id}`, resident)).status).toBe(404); // 府城's resident
    expect((await t.get(`/api/disclosures?compound=${cj}`, resident)).status).toBe(403);
  });

  it.each([
    [{ category: 'maintenance_fund', period: '2026-Q3', figures: { ...statement, closing: 850_001 } }, 400, 'fund_statement_unbalanced'],
    [{ category: 'maintenance_fund', period: '2026-Q3' }, 400, 'fund_statement_required'],
    [{ category: 'fees', period: '2026', figures: statement }, 400, 'fund_statement_not_expected'],
    [{ category: 'maintenance_fund', period: '2026-Q5', figures: statement }, 400, 'disclosure_period_invalid'],
    [{ category: 'maintenance_fund', period: '2099-Q1', figures: statement }, 400, 'disclosure_period_future'],
    [{ category: 'maintenance_fund', period: '2026-Q3', figures: { ...statement, opening: 10.5, closing: 850_000.5 } }, 400, 'fund_statement_invalid'],
    [{ category: 'committee_decision', period: '2026-11' }, 403, 'disclosure_not_yours'],
  ])('%j → %i %s, nothing written', async (body, status, code) => {
    const before = await count();
    const r = await t.send('POST', '/api/disclosures', { compoundId: await compoundId('昌九小区'), title: 't', content: 'c', ...body }, property, { 'accept-language': 'en' });
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
    expect(await count()).toBe(before);
  });

  it('a bad fund statement names each bad line in details[].field, as the body spells it', async () => {
    const before = await count();
    const figures = { opening: 0, income: [{ item: '租金', amount: 100 }, { item: '广告', amount: 1.5 }, { item: ' ', amount: -2 }], spending: [], closing: 0 };
    const r = await t.send('POST', '/api/disclosures', { compoundId: await compoundId('昌九小区'), category: 'common_income', period: '2026-Q1', title: 't', content: 'c', figures }, property, { 'accept-language': 'en' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('fund_statement_invalid');
    expect(r.body.error.message).toContain('income[1].amount');
    expect(r.body.error.details.map((d: any) => d.field)).toEqual(['figures.income[1].amount', 'figures.income[2].item', 'figures.income[2].amount']);
    const off = await t.send('POST', '/api/disclosures', { compoundId: await compoundId('昌九小区'), category: 'common_income', period: '2026-Q1', title: 't', content: 'c', figures: { ...statement, closing: 1 } }, property);
    expect(off.body.error).toMatchObject({ code: 'fund_statement_unbalanced', details: [{ field: 'figures.closing', rule: 'balance' }] });
    expect(await count()).toBe(before);
  });

  it('the owners\' committee publishes its decisions; a compound with no committee cannot', async () => {
    const r = await t.send('POST', '/api/disclosures', { compoundId: await compoundId('昌九小区'), category: 'committee_decision', period: '2026-11', title: '关于电梯广告收益使用的决定', content: '…' }, owners);
    expect(r.status).toBe(201);
    expect(r.body.publisher.kind).toBe('owners_committee');
    const none = await t.send('POST', '/api/disclosures', { compoundId: await compoundId('站东新村'), category: 'committee_decision', period: '2026-11', title: 'x', content: 'x' }, nanchang);
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe('no_owners_committee');
  });
});

describe('residents ask; fees are never collected by cutting utilities', () => {
  it('a question becomes a case for the compound', async () => {
    const d = (await t.get(`/api/disclosures?compound=${await compoundId('昌九小区')}`, changjiu)).body.items[0];
    const q = await t.send('POST', `/api/disclosures/${d.id}/questions`, { text: '电梯维修为何花费这么多？' }, changjiu);
    expect(q.status).toBe(201);
    const c = await t.db.query('SELECT category_code, source, community_code, compound_id, description FROM cases WHERE id = $1', [q.body.caseId]);
    expect(c.rows[0]).toMatchObject({ category_code: '0902', source: 'resident', community_code: '360111005014', compound_id: await compoundId('昌九小区') });
    expect((await t.get(`/api/cases/${q.body.caseId}`, changjiu)).status).toBe(200);
  });

  it.each(['cut_water', 'cut_power', 'cut_heat', 'cut_gas'])('%s is refused with the reason (422), nothing recorded', async (measure) => {
    const r = await t.send('POST', '/api/fee-collection-measures', { compoundId: await compoundId('站东新村'), measure }, nanchang);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('utility_cut_forbidden');
    expect(r.body.error.message).toContain('第九百四十四条');
    expect((await t.db.query('SELECT count(*)::int AS n FROM fee_collection_measure')).rows[0].n).toBe(0);
  });

  it('a reminder is recorded', async () => {
    expect((await t.send('POST', '/api/fee-collection-measures', { compoundId: await compoundId('站东新村'), measure: 'reminder', note: '书面催告' }, property)).status).toBe(201);
  });
});

describe('compliance', () => {
  it('a compound with nothing for the period due is overdue to the community, the street and the housing bureau; publishing clears it', async () => {
    // monthly service disclosures with no grace, so the due period is last month whatever today is
    const s = (await t.get('/api/settings', admin)).body.items.find((x: any) => x.key === 'property.disclosureObligations');
    const months = { service: 1, fees: 0, maintenance_fund: 0, common_income: 0, committee_decision: 0, committee_accounts: 0 };
    expect((await t.send('PUT', '/api/settings/property.disclosureObligations', { value: { ...s.value, months, graceDays: 0 } }, admin)).status).toBe(200);
    for (const who of [nanchang, zhandong, housing]) {
      const c = await t.get('/api/disclosures/compliance?region=360111005014', who);
      expect(c.status).toBe(200);
      const hp = c.body.items.find((i: any) => i.compoundName === '青山湖畔花园');
      expect(hp.due).toEqual([expect.objectContaining({ category: 'service', disclosed: false, overdue: true })]);
    }
    const due = (await t.get('/api/disclosures/compliance?region=360111005014', nanchang)).body.items.find((i: any) => i.compoundName === '青山湖畔花园').due[0];
    expect((await t.send('POST', '/api/disclosures', { compoundId: await compoundId('青山湖畔花园'), category: 'service', period: due.period, title: '服务事项', content: '…' }, property)).status).toBe(201);
    const after = (await t.get('/api/disclosures/compliance?region=360111005014', nanchang)).body.items.find((i: any) => i.compoundName === '青山湖畔花园');
    expect(after.overdue).toBe(0);
    expect((await t.get('/api/disclosures/compliance?region=360111005014', property)).status).toBe(403);
    await t.send('PUT', '/api/settings/property.disclosureObligations', { value: null }, admin);
  });
});

// ---------------------------------------------------------------- attachments (公示附件)

/** A small well-formed PDF (header, objects, cross-reference table at the offset startxref names, %%EOF). */
function pdf(extra = ''): Buffer {
  const objs = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] ${extra}>>`];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => { offsets.push(out.length); out += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

async function uploadFile(s: Session, content: Buffer, filename: string, contentType = 'application/octet-stream', field = 'file') {
  const boundary = '----gz' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`), content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const r = await t.app.fastify.inject({ method: 'POST', url: '/api/disclosure-files', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: s.cookie, 'x-csrf-token': s.csrf, 'accept-language': 'en' } });
  return { status: r.statusCode, body: JSON.parse(r.body || 'null') };
}
const download = (id: string, s: Session) => t.app.fastify.inject({ method: 'GET', url: `/api/disclosure-files/${id}`, headers: { cookie: s.cookie } });
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const fileRows = async () => (await t.db.query('SELECT count(*)::int AS n FROM disclosure_file')).rows[0].n as number;
/** The test app's data folder (a fresh temporary one): the one holding a stored upload's file. */
let dataDir: string | null = null;
async function findDataDir(): Promise<string> {
  if (dataDir) return dataDir;
  const { rows } = await t.db.query('SELECT file FROM disclosure_file LIMIT 1');
  const dir = fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith('gongzhi-test-')).map((d) => path.join(os.tmpdir(), d))
    .find((d) => fs.existsSync(path.join(d, 'uploads', 'disclosures', rows[0].file)));
  if (!dir) throw new Error('no data folder holds the upload');
  return (dataDir = dir);
}
/** Every stored attachment file under the test app's data folder. */
function storedFiles(): string[] {
  const base = path.join(dataDir!, 'uploads', 'disclosures');
  if (!fs.existsSync(base)) return [];
  return fs.readdirSync(base, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}
const publish = (s: Session, attachments: string[], extra: Record<string, unknown> = {}) => t.send('POST', '/api/disclosures', {
  category: 'maintenance_fund', period: '2026-Q2', title: '二季度维修资金（附合同）', content: '见附件', figures: statement, attachments, ...extra,
}, s, { 'accept-language': 'en' }).then(async (r) => r);

describe('attachments', () => {
  let contract: any, scan: any, published: any;
  const contractBytes = pdf();

  it('a PDF and a scanned statement are checked by content, stored under the data folder with their SHA-256; the scan loses its EXIF', async () => {
    const jpeg = await sharp({ create: { width: 80, height: 60, channels: 3, background: '#eee' } }).jpeg().withExif({ IFD0: { Copyright: 'secret-camera', ImageDescription: 'GPS 28.68,115.95' } }).toBuffer();
    const c = await uploadFile(property, contractBytes, '电梯维修合同.pdf');
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ name: '电梯维修合同.pdf', mime: 'application/pdf', size: contractBytes.length, sha256: sha256(contractBytes) });
    // named .pdf and sent as a PDF, but a JPEG: it is what its bytes are
    const s = await uploadFile(property, jpeg, '收支明细表.pdf', 'application/pdf');
    expect(s.status).toBe(201);
    expect(s.body).toMatchObject({ name: '收支明细表.jpg', mime: 'image/jpeg', width: 80, height: 60 });
    await findDataDir();
    const files = storedFiles();
    expect(files).toHaveLength(2);
    const stored = fs.readFileSync(files.find((f) => f.endsWith('.jpg'))!);
    expect(sha256(stored)).toBe(s.body.sha256);
    expect((await sharp(stored).metadata()).exif).toBeUndefined();
    contract = c.body; scan = s.body;
  });

  it('a pending upload is its uploader\'s alone', async () => {
    expect((await download(contract.id, property)).statusCode).toBe(200);
    for (const who of [changjiu, nanchang, owners]) expect((await download(contract.id, who)).statusCode).toBe(404);
  });

  it('publishing names the uploads: they are attached in order; residents of the compound and staff in scope download them, others get 404', async () => {
    const r = await publish(property, [contract.id, scan.id], { compoundId: await compoundId('昌九小区') });
    expect(r.status).toBe(201);
    expect(r.body.attachments).toEqual([
      expect.objectContaining({ id: contract.id, name: '电梯维修合同.pdf', mime: 'application/pdf', sha256: contract.sha256 }),
      expect.objectContaining({ id: scan.id, name: '收支明细表.jpg', mime: 'image/jpeg' }),
    ]);
    published = r.body;
    const list = await t.get(`/api/disclosures?compound=${await compoundId('昌九小区')}`, changjiu);
    expect(list.body.items.find((d: any) => d.id === published.id).attachments).toHaveLength(2);
    const got = await download(contract.id, changjiu);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('电梯维修合同.pdf')}`);
    expect(sha256(got.rawPayload)).toBe(contract.sha256);
    for (const who of [nanchang, zhandong, housing, owners, admin]) expect((await download(contract.id, who)).statusCode, who.user.username).toBe(200);
    const other = await download(contract.id, resident); // 府城社区's resident
    expect(other.statusCode).toBe(404);
    expect(JSON.parse(other.body).error.code).toBe('disclosure_file_not_found');
    expect((await download('00000000-0000-4000-8000-000000000000', changjiu)).statusCode).toBe(404);
  });

  it.each([
    ['a text file called .pdf', Buffer.from('电梯维修合同，共三页。'), '合同.pdf', 'application/pdf', 415, 'disclosure_file_invalid'],
    ['a PDF header on something else', Buffer.from('%PDF-1.4\n<html><script>alert(1)</script></html>'), '合同.pdf', 'application/pdf', 415, 'disclosure_file_invalid'],
    ['a truncated PDF', pdf().subarray(0, 200), '合同.pdf', 'application/pdf', 415, 'disclosure_file_invalid'],
    ['a PDF that runs JavaScript', pdf('/AA << /O << /S /JavaScript /JS (app.alert(1)) >> >> '), '合同.pdf', 'application/pdf', 415, 'disclosure_file_active_content'],
    ['a broken JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]), 'scan.jpg', 'image/jpeg', 415, 'disclosure_file_invalid'],
    ['an empty file', Buffer.alloc(0), 'x.pdf', 'application/pdf', 415, 'disclosure_file_invalid'],
    ['a file under another field name', pdf(), 'x.pdf', 'application/pdf', 400, 'disclosure_file_missing', 'attachment'],
  ])('%s → %i %s, nothing stored', async (_what, content, name, type, status, code, field = 'file') => {
    const rows = await fileRows(), files = storedFiles().length;
    const r = await uploadFile(property, content as Buffer, name as string, type as string, field as string);
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
    expect(r.body.error.message).toMatch(/^[A-Z]/);
    expect(await fileRows()).toBe(rows);
    expect(storedFiles()).toHaveLength(files);
  });

  it('a file over the size setting → 413 in zh and en; not multipart → 400', async () => {
    expect((await t.send('PUT', '/api/settings/property.disclosureFiles', { value: { maxMb: 1, maxFiles: 2 } }, admin)).status).toBe(200);
    const big = Buffer.concat([pdf(), Buffer.alloc(1024 * 1024 + 10, 0x20)]);
    const r = await uploadFile(property, big, 'big.pdf');
    expect(r.status).toBe(413);
    expect(r.body.error).toMatchObject({ code: 'disclosure_file_too_large', message: 'An attachment may be at most 1 MB.' });
    const json = await t.send('POST', '/api/disclosure-files', { file: 'x' }, property);
    expect(json.status).toBe(400);
    expect(json.body.error.code).toBe('disclosure_file_missing');
    expect(json.body.error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('publishing refuses too many, someone else\'s, already attached or repeated uploads, and then writes nothing', async () => {
    const cj = await compoundId('昌九小区');
    const mine = await Promise.all([1, 2, 3].map(async () => (await uploadFile(property, pdf(), '附件.pdf')).body.id as string));
    const theirs = (await uploadFile(owners, pdf(), '业委会账目.pdf')).body.id as string;
    const cases: [string[], number, string, string | null][] = [
      [mine, 400, 'disclosure_files_too_many', null], // the setting says 2
      [[mine[0], theirs], 404, 'disclosure_file_not_found', 'attachments[1]'],
      [[contract.id], 409, 'disclosure_file_attached', 'attachments[0]'],
      [[mine[0], mine[0]], 400, 'disclosure_file_twice', 'attachments[1]'],
    ];
    for (const [ids, status, code, field] of cases) {
      const before = await count();
      const r = await publish(property, ids, { compoundId: cj });
      expect(r.status, code).toBe(status);
      expect(r.body.error.code).toBe(code);
      if (field) expect(r.body.error.details[0].field).toBe(field);
      expect(await count()).toBe(before);
    }
    // a publish that fails for its own reasons leaves the uploads pending, attached to nothing
    const bad = await publish(property, [mine[0]], { compoundId: cj, figures: { ...statement, closing: 1 } });
    expect(bad.body.error.code).toBe('fund_statement_unbalanced');
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM disclosure_file WHERE id = ANY($1::uuid[]) AND disclosure_id IS NULL', [[...mine, theirs]]);
    expect(rows[0].n).toBe(4);
    // the owners' committee attaches its own upload to its own disclosure
    const ok = await t.send('POST', '/api/disclosures', { compoundId: cj, category: 'committee_decision', period: '2026-10', title: '业委会决定（附会议纪要）', content: '…', attachments: [theirs] }, owners);
    expect(ok.status).toBe(201);
    expect(ok.body.attachments.map((a: any) => a.id)).toEqual([theirs]);
    await t.send('PUT', '/api/settings/property.disclosureFiles', { value: null }, admin);
  });

  it('an uploader removes a pending upload (file too); a published one stays', async () => {
    const u = (await uploadFile(property, pdf(), '草稿.pdf')).body;
    const files = storedFiles().length;
    expect((await t.send('DELETE', `/api/disclosure-files/${u.id}`, undefined, owners)).status).toBe(404);
    expect((await t.send('DELETE', `/api/disclosure-files/${u.id}`, undefined, property)).status).toBe(204);
    expect(storedFiles()).toHaveLength(files - 1);
    expect((await download(u.id, property)).statusCode).toBe(404);
    const kept = await t.send('DELETE', `/api/disclosure-files/${contract.id}`, undefined, property);
    expect(kept.status).toBe(409);
    expect(kept.body.error.code).toBe('disclosure_file_attached');
  });

  it('uploads nobody published are removed after a day by the sweep', async () => {
    const u = (await uploadFile(property, pdf(), '遗留.pdf')).body;
    await t.db.query(`UPDATE disclosure_file SET uploaded_at = now() - interval '25 hours' WHERE id = $1`, [u.id]);
    const pending = (await t.db.query('SELECT count(*)::int AS n FROM disclosure_file WHERE disclosure_id IS NULL')).rows[0].n;
    const files = storedFiles().length;
    expect(await sweepPendingFiles(t.db, dataDir!)).toBe(1);
    expect((await t.db.query('SELECT count(*)::int AS n FROM disclosure_file WHERE disclosure_id IS NULL')).rows[0].n).toBe(pending - 1);
    const a = await t.db.query(`SELECT actor_username, detail FROM audit_log WHERE action = 'property.disclosure.pending_files_sweep' ORDER BY id DESC LIMIT 1`);
    expect(a.rows[0]).toMatchObject({ actor_username: 'job:property.disclosures', detail: JSON.stringify({ deleted: [u.id] }) });
    expect(storedFiles()).toHaveLength(files - 1);
    expect((await download(contract.id, changjiu)).statusCode).toBe(200);
  });
});

// ---------------------------------------------------------------- overdue notices (公示逾期)

describe('overdue disclosures are told to the community, the street and the housing bureau, once', () => {
  // the city's housing bureau is told of every compound in 南昌: read its notices from the table, the view pages 200 at a time
  const overdueNotices = async (s: Session) => (await t.db.query(`SELECT case_id AS "caseId", text FROM notification WHERE account_id = $1 AND kind = 'disclosure_overdue' ORDER BY id`, [s.user.id])).rows;
  const lastMonth = () => { const d = new Date(Date.now() + 8 * 3600_000); d.setUTCDate(1); d.setUTCMonth(d.getUTCMonth() - 1); return d.toISOString().slice(0, 7); };

  it('a sweep flags every project with nothing for the lapsed period; two at once and a third later tell each once', async () => {
    const s = (await t.get('/api/settings', admin)).body.items.find((x: any) => x.key === 'property.disclosureObligations');
    const months = { service: 1, fees: 0, maintenance_fund: 0, common_income: 0, committee_decision: 0, committee_accounts: 1 };
    expect((await t.send('PUT', '/api/settings/property.disclosureObligations', { value: { ...s.value, months, graceDays: 0 } }, admin)).status).toBe(200);
    // 昌九小区 disclosed its service for last month; 站东新村 did not
    expect((await t.send('POST', '/api/disclosures', { compoundId: await compoundId('昌九小区'), category: 'service', period: lastMonth(), title: '服务事项', content: '…' }, property)).status).toBe(201);
    const department = await t.login('department');

    const [a, b] = await Promise.all([t.send('POST', '/api/disclosures/overdue-sweep', {}, admin), sweepOverdueDisclosures(t.db)]);
    expect(a.status).toBe(200);
    expect(a.body.flagged + b.flagged).toBeGreaterThan(0);
    expect([a.body.ran, b.ran]).toContain(true);
    const { rows: items } = await t.db.query(`SELECT cp.name AS "compoundName", n.category, n.period, n.recipients FROM disclosure_overdue_notice n JOIN compound cp ON cp.id = n.compound_id`);
    const at = (name: string, category: string) => items.filter((i: any) => i.compoundName === name && i.category === category);
    expect(at('站东新村', 'service')).toEqual([expect.objectContaining({ period: lastMonth(), recipients: 3 })]);
    expect(at('昌九小区', 'service')).toEqual([]);
    expect(at('青山湖畔花园', 'service')).toEqual([]); // disclosed in the compliance test above
    expect(at('昌九小区', 'committee_accounts')).toEqual([expect.objectContaining({ period: lastMonth() })]);
    // never two notices for one compound, category and period
    const { rows } = await t.db.query(`SELECT count(*)::int AS n, count(DISTINCT (compound_id, category, period))::int AS d FROM disclosure_overdue_notice`);
    expect(rows[0].n).toBe(rows[0].d);
    expect(rows[0].n).toBe(a.body.flagged + b.flagged);

    // the community: one notice per compound, naming what is overdue there
    const mine = await overdueNotices(nanchang);
    const xincun = mine.filter((n: any) => n.text.includes('站东新村'));
    expect(xincun).toHaveLength(1);
    expect(xincun[0]).toMatchObject({ caseId: null });
    expect(xincun[0].text).toContain('服务事项与人员');
    const changjiuNotice = mine.filter((n: any) => n.text.includes('昌九小区'));
    expect(changjiuNotice).toHaveLength(1);
    expect(changjiuNotice[0].text).toContain('业委会账目');
    expect(changjiuNotice[0].text).not.toContain('服务事项');
    // the street and the housing bureau: one summary of the sweep, street by street
    for (const who of [zhandong, housing]) {
      const summary = await overdueNotices(who);
      expect(summary, who.user.username).toHaveLength(1);
      expect(summary[0]).toMatchObject({ caseId: null });
      expect(summary[0].text).toMatch(/^公示逾期（新增 \d+ 个小区）/);
      expect(summary[0].text).toContain('站东街道');
      expect(summary[0].text).toContain('站东新村服务事项与人员');
    }
    for (const who of [department, property, changjiu]) expect(await overdueNotices(who), who.user.username).toEqual([]);
    // and they show in the notifications view, with no case to open
    const view = await t.get('/api/notifications', nanchang);
    expect(view.body.items.find((n: any) => n.kind === 'disclosure_overdue' && n.text.includes('站东新村'))).toMatchObject({ caseId: null, readAt: null });

    const before = (await overdueNotices(nanchang)).length;
    const again = await t.send('POST', '/api/disclosures/overdue-sweep', {}, admin);
    expect(again.body).toMatchObject({ ran: true, flagged: 0, notices: 0 });
    expect(await overdueNotices(nanchang)).toHaveLength(before);
    // the administrator's two runs are recorded; the scheduled one (job:property.disclosures) only when it flagged anything
    const audit = await t.db.query(`SELECT actor_username AS who, count(*)::int AS n FROM audit_log WHERE action = 'property.disclosure.overdue_sweep' GROUP BY 1`);
    const runs = Object.fromEntries(audit.rows.map((r) => [r.who, r.n]));
    expect(runs.admin).toBe(2);
    expect(runs['job:property.disclosures'] ?? 0).toBe(b.ran && b.flagged > 0 ? 1 : 0);
    expect((await t.send('POST', '/api/disclosures/overdue-sweep', {}, nanchang)).status).toBe(403);
    await t.send('PUT', '/api/settings/property.disclosureObligations', { value: null }, admin);
  });
});
