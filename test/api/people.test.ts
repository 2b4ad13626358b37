import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar } from '../../src/core/privacy/validate.js';
import { multipart, testApp, type Session, type TestApp } from '../support/app.js';

let t: TestApp;
let community: Session, gridworker: Session, gridworker2: Session, street: Session, nanchang: Session;
beforeAll(async () => {
  t = await testApp();
  [community, gridworker, gridworker2, street, nanchang] = await Promise.all(['community', 'gridworker', 'gridworker2', 'street', 'nanchang'].map((u) => t.login(u)));
});
afterAll(() => t.close());

const idFor = (birth: string, seq = '123', region = '460107') => { const f = `${region}${birth.replaceAll('-', '')}${seq}`; return f + idCheckChar(f); };

async function newHousehold(s: Session, gridCode = '460107002001001', address = `测试路${Math.random().toString(36).slice(2, 7)}号`) {
  const r = await t.send('POST', '/api/households', { gridCode, address }, s);
  expect(r.status).toBe(201);
  return r.body.id as number;
}


async function upload(s: Session, name: string, content: Buffer, mode: 'check' | 'commit', lang = 'zh-CN') {
  const m = multipart({ mode }, { name, content });
  const r = await t.app.fastify.inject({ method: 'POST', url: '/api/residents/import', payload: m.payload, headers: { 'content-type': m.contentType, cookie: s.cookie, 'x-csrf-token': s.csrf, 'accept-language': lang } });
  return { status: r.statusCode, body: JSON.parse(r.body) };
}

describe('who sees which residents', () => {
  it('a grid worker sees only the residents of their own grid, masked', async () => {
    const r = await t.get('/api/residents?region=460107002001&limit=200', gridworker);
    expect(r.status).toBe(200);
    expect(r.body.total).toBeGreaterThan(10);
    expect(r.body.items.every((x: any) => x.household.gridCode === '460107002001001')).toBe(true);
    expect(r.body.items[0].idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(r.body.items.find((x: any) => x.phone)?.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    const other = await t.get('/api/residents?region=460107002001&limit=200', gridworker2);
    expect(other.body.items.every((x: any) => x.household.gridCode === '460107002001002')).toBe(true);
    // a resident of grid 002 does not exist for gridworker
    expect((await t.get(`/api/residents/${other.body.items[0].id}`, gridworker)).status).toBe(404);
  });

  it('community staff see their whole community; street roles see aggregates only', async () => {
    const r = await t.get('/api/residents?region=460107002001&limit=1', community);
    const mine = await t.get('/api/residents?region=460107002001&limit=1', gridworker);
    expect(r.body.total).toBeGreaterThan(mine.body.total);
    expect((await t.get('/api/residents?region=460107002', street)).body.error.code).toBe('forbidden');
    const stats = await t.get('/api/residents/stats?region=460107002', street);
    expect(stats.status).toBe(200);
    expect(stats.body.residents).toBe(2400);
    expect(stats.body).toMatchObject({ aged65: expect.any(Number), livingAlone65: expect.any(Number), careGroups: expect.any(Object) });
    expect((await t.get('/api/residents?region=460107002001', nanchang)).status).toBe(403);
  });

  it('nothing readable is stored: ID numbers and phones are encrypted, searchable by keyed hash', async () => {
    const { rows } = await t.db.query(`SELECT * FROM resident LIMIT 50`);
    for (const row of rows) {
      const text = JSON.stringify(row);
      expect(text).not.toMatch(/\d{17}[\dX]/);
      expect(text).not.toMatch(/1[3-9]\d{9}/);
    }
  });
});

describe('registering a resident', () => {
  it('checks the ID number, the phone and the dates, each with a clear 400', async () => {
    const hh = await newHousehold(community);
    const base = { name: '测试', householdId: hh, relation: 'owner', movedIn: '2010-01-01' };
    const bad = idFor('1970-05-05').slice(0, 17) + (idFor('1970-05-05')[17] === '0' ? '1' : '0');
    expect((await t.send('POST', '/api/residents', { ...base, idNumber: bad }, community)).body.error.code).toBe('id_check_digit');
    expect((await t.send('POST', '/api/residents', { ...base, idNumber: '46010719700231123X' }, community)).body.error.code).toBe('id_birth_date');
    const en = await t.send('POST', '/api/residents', { ...base, idNumber: idFor('1970-05-05'), phone: '1380013800a' }, community, { 'accept-language': 'en' });
    expect(en.body.error).toMatchObject({ code: 'phone_invalid', message: 'A phone number is an 11-digit mainland mobile number.' });
    expect((await t.send('POST', '/api/residents', { ...base, idNumber: idFor('2015-05-05'), movedIn: '2010-01-01' }, community)).body.error.code).toBe('moved_in_before_birth');
    expect((await t.send('POST', '/api/residents', { ...base, idNumber: idFor('1970-05-05'), movedIn: '2999-01-01' }, community)).body.error.code).toBe('moved_in_in_future');
    expect((await t.get(`/api/households/${hh}`, community)).body.members).toEqual([]);
  });

  it('creates, masks, finds by exact ID, and refuses a duplicate living person by name', async () => {
    const hh = await newHousehold(community);
    const idNumber = idFor('1950-03-03', '555');
    const r = await t.send('POST', '/api/residents', { name: '王独居', idNumber, phone: '139 1234 5678', householdId: hh, relation: 'owner', movedIn: '1990-01-01' }, community);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ name: '王独居', idNumber: `${idNumber.slice(0, 6)}********${idNumber.slice(14)}`, phone: '139****5678', gender: 'male', livingAlone65: true, livingAlone65Derived: true });
    const found = await t.get(`/api/residents?region=460107002001&idNumber=${idNumber.toLowerCase()}`, community);
    expect(found.body.items.map((x: any) => x.id)).toEqual([r.body.id]);
    expect((await t.get(`/api/residents?region=460107002001&phone=13912345678`, community)).body.items[0].id).toBe(r.body.id);
    expect((await t.get(`/api/residents?region=460107002001&q=${encodeURIComponent('王独')}`, community)).body.items.some((x: any) => x.id === r.body.id)).toBe(true);
    const dup = await t.send('POST', '/api/residents', { name: '另一个', idNumber, householdId: await newHousehold(community), relation: 'owner', movedIn: '2000-01-01' }, community);
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toBe(`身份证号已登记：王独居（居民编号 ${r.body.id}，府城社区）。`);
  });

  it('a duplicate registered in another community is refused without naming the person', async () => {
    const idNumber = idFor('1960-06-06', '777');
    const hhA = await newHousehold(community);
    expect((await t.send('POST', '/api/residents', { name: '甲', idNumber, householdId: hhA, relation: 'owner', movedIn: '2000-01-01' }, community)).status).toBe(201);
    // a 北官社区 account (scope outside 府城社区)
    await t.db.query(`INSERT INTO role_assignment (account_id, role, region_code) SELECT id, 'community_staff', '460107002002' FROM account WHERE username = 'nanchang'`);
    await t.db.query(`DELETE FROM role_assignment WHERE region_code = '360111005014' AND account_id = (SELECT id FROM account WHERE username = 'nanchang')`);
    const other = await t.login('nanchang');
    const hhB = (await t.send('POST', '/api/households', { gridCode: '460107002002001', address: '北官路1号' }, other)).body.id;
    const r = await t.send('POST', '/api/residents', { name: '乙', idNumber, householdId: hhB, relation: 'owner', movedIn: '2000-01-01' }, other);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('resident_duplicate_elsewhere');
    expect(r.body.error.message).not.toContain('甲');
  });
});

describe('reveal, care groups, living alone, moves', () => {
  let id: number;
  let idNumber: string;
  beforeAll(async () => {
    idNumber = idFor('1940-01-10', '246');
    const hh = await newHousehold(gridworker, '460107002001001');
    id = (await t.send('POST', '/api/residents', { name: '李奶奶', idNumber, phone: '13700001111', householdId: hh, relation: 'owner', movedIn: '1980-05-01', careGroups: ['very_old'] }, gridworker)).body.id;
  });

  it('reveals a full value only with a purpose, and audits who, what and why', async () => {
    expect((await t.send('POST', `/api/residents/${id}/reveal`, { field: 'phone', reason: '' }, gridworker)).body.error.code).toBe('reveal_reason_required');
    const r = await t.send('POST', `/api/residents/${id}/reveal`, { field: 'idNumber', reason: '核实低保申请材料' }, gridworker);
    expect(r.body).toEqual({ field: 'idNumber', value: idNumber });
    const a = await t.db.query(`SELECT actor_username, role, target_id, detail FROM audit_log WHERE action = 'people.reveal' ORDER BY id DESC LIMIT 1`);
    expect(a.rows[0]).toMatchObject({ actor_username: 'gridworker', role: 'grid_worker', target_id: String(id) });
    expect(JSON.parse(a.rows[0].detail)).toEqual({ field: 'idNumber', reason: '核实低保申请材料' });
    expect((await t.send('POST', `/api/residents/${id}/reveal`, { field: 'phone', reason: '电话关爱回访' }, gridworker2)).status).toBe(404);
    expect((await t.send('POST', `/api/residents/${id}/reveal`, { field: 'phone', reason: '电话关爱回访' }, street)).status).toBe(403);
  });

  it('care groups carry the date and who set them; ending keeps history', async () => {
    const r = await t.send('POST', `/api/residents/${id}/care-groups`, { group: 'disabled', note: '肢体二级' }, gridworker);
    expect(r.body.careGroups.map((g: any) => g.group)).toEqual(['very_old', 'disabled']);
    expect(r.body.careGroups[1]).toMatchObject({ setBy: '府城社区网格员（第一网格）', note: '肢体二级', setOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect((await t.send('POST', `/api/residents/${id}/care-groups`, { group: 'disabled' }, gridworker)).body.error.code).toBe('care_group_active');
    const ended = await t.send('DELETE', `/api/residents/${id}/care-groups/disabled`, undefined, gridworker);
    expect(ended.body.careGroups.map((g: any) => g.group)).toEqual(['very_old']);
    expect((await t.db.query(`SELECT count(*)::int n FROM resident_care_group WHERE resident_id = $1`, [id])).rows[0].n).toBe(2);
    expect((await t.get(`/api/residents?region=460107002001&careGroup=very_old&limit=200`, gridworker)).body.items.some((x: any) => x.id === id)).toBe(true);
  });

  it('living alone 65+ is derived and can be overridden with a reason', async () => {
    let r = await t.get(`/api/residents/${id}`, gridworker);
    expect(r.body).toMatchObject({ livingAlone65: true, livingAlone65Derived: true, livingAloneOverride: null });
    expect((await t.send('PUT', `/api/residents/${id}/living-alone`, { value: false }, gridworker)).body.error.code).toBe('reveal_reason_required');
    r = await t.send('PUT', `/api/residents/${id}/living-alone`, { value: false, reason: '女儿每日同住照料' }, gridworker);
    expect(r.body).toMatchObject({ livingAlone65: false, livingAlone65Derived: true, livingAloneOverride: { value: false, reason: '女儿每日同住照料' } });
    expect((await t.get(`/api/residents?region=460107002001&livingAlone65=true&limit=200`, gridworker)).body.items.some((x: any) => x.id === id)).toBe(false);
  });

  it('moving out keeps the history; optimistic updates', async () => {
    const v = (await t.get(`/api/residents/${id}`, gridworker)).body.version;
    expect((await t.send('PATCH', `/api/residents/${id}`, { version: v + 3, phone: '13700002222' }, gridworker)).status).toBe(409);
    const p = await t.send('PATCH', `/api/residents/${id}`, { version: v, phone: '13700002222' }, gridworker);
    expect(p.body.phone).toBe('137****2222');
    expect((await t.send('POST', `/api/residents/${id}/move`, { date: '1970-01-01' }, gridworker)).body.error.code).toBe('moved_out_before_moved_in');
    const m = await t.send('POST', `/api/residents/${id}/move`, { date: '2024-03-01' }, gridworker);
    expect(m.body.household).toBeNull();
    expect(m.body.history).toEqual([expect.objectContaining({ movedIn: '1980-05-01', movedOut: '2024-03-01', relation: 'owner' })]);
    expect((await t.get(`/api/residents?region=460107002001&idNumber=${idNumber}`, gridworker)).body.total).toBe(0);
    expect((await t.get(`/api/residents?region=460107002001&idNumber=${idNumber}&includeGone=true`, gridworker)).body.total).toBe(1);
  });
});

describe('import and export', () => {
  const header = '姓名,身份证号,手机号,网格编码,小区,楼栋,单元,房号,地址,身份,入住日期,党员,关爱类别';
  const good1 = `赵一,${idFor('1980-01-01', '101')},13600000001,460107002001003,文庄路20号,1栋,1,101,,业主,2010-05-01,是,`;
  const good2 = `赵二,${idFor('1950-02-02', '202')},,460107002001003,文庄路20号,1栋,1,102,,业主,2011-06-01,否,独居老人、低保`;
  const badId = `钱三,${idFor('1980-01-01', '303').slice(0, 17)}Y,13600000003,460107002001003,,,,,文庄路20号旁,租户,2012-01-01,否,`;
  const badMany = `孙四,${idFor('1990-01-01', '404')},12345,460107002002001,,,,,某地,房客,2030-01-01,也许,学生`;
  const csv = (...rows: string[]) => Buffer.from([header, ...rows].join('\r\n'), 'utf8');

  it('checks every row first and names each bad cell; nothing is written', async () => {
    const before = (await t.db.query('SELECT count(*)::int n FROM resident')).rows[0].n;
    const r = await upload(community, 'people.csv', csv(good1, good2, badId, badMany), 'check');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ rows: 4, valid: 2, invalid: 2, new: 2, written: false });
    expect(r.body.report[2]).toMatchObject({ row: 4, name: '钱三', status: 'error', errors: [{ column: '身份证号', code: 'id_format' }] });
    const cols = r.body.report[3].errors.map((e: any) => `${e.column}:${e.code}`);
    expect(cols).toEqual(expect.arrayContaining(['手机号:phone_invalid', '网格编码:grid_unknown', '身份:cell_invalid', '入住日期:moved_in_in_future', '党员:cell_invalid', '关爱类别:care_group_unknown']));
    expect(r.body.report[3].errors.find((e: any) => e.column === '身份').message).toBe('无法识别的值“房客”。');
    expect((await t.db.query('SELECT count(*)::int n FROM resident')).rows[0].n).toBe(before);
  });

  it('commit writes only the good rows; importing again duplicates nobody', async () => {
    const r = await upload(community, 'people.csv', csv(good1, good2, badId), 'commit');
    expect(r.body).toMatchObject({ valid: 2, invalid: 1, new: 2, written: true });
    const found = await t.get(`/api/residents?region=460107002001&q=${encodeURIComponent('赵')}&limit=50`, community);
    const zhao2 = found.body.items.find((x: any) => x.name === '赵二');
    expect(zhao2).toMatchObject({ household: { address: '文庄路20号1栋1单元102', gridCode: '460107002001003' }, relation: 'owner', livingAlone65: true });
    expect(zhao2.careGroups.map((g: any) => g.group).sort()).toEqual(['living_alone', 'subsistence_allowance']);
    const again = await upload(community, 'people.csv', csv(good1, good2), 'commit');
    expect(again.body).toMatchObject({ new: 0, update: 2 });
    expect((await t.get(`/api/residents?region=460107002001&q=${encodeURIComponent('赵')}&limit=50`, community)).body.items.filter((x: any) => x.name === '赵一' || x.name === '赵二').length).toBe(2);
    const a = await t.db.query(`SELECT detail FROM audit_log WHERE action = 'people.import' ORDER BY id DESC LIMIT 1`);
    expect(JSON.parse(a.rows[0].detail)).toMatchObject({ new: 0, update: 2 });
  });

  it('xlsx: an ID column stored as a number is caught; wrong and merged headers are refused', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('居民');
    ws.addRow(header.split(','));
    ws.addRow(['周五', 460107198001015051, '13600000005', '460107002001003', '', '', '', '', '周家巷1号', '业主', new Date(Date.UTC(2015, 0, 1)), '否', '']);
    const r = await upload(community, 'people.xlsx', Buffer.from(await wb.xlsx.writeBuffer()), 'check');
    expect(r.body.report[0].errors[0]).toMatchObject({ column: '身份证号', code: 'id_not_text' });
    const wrong = await upload(community, 'x.csv', Buffer.from('姓名,身份证,手机号\r\n张三,1,2'), 'check', 'en');
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/column 2 "身份证" is not a template column/);
    const merged = new ExcelJS.Workbook();
    const m = merged.addWorksheet('s');
    m.addRow(['姓名', '身份证号', '', '网格编码']);
    m.mergeCells('B1:C1');
    const mr = await upload(community, 'm.xlsx', Buffer.from(await merged.xlsx.writeBuffer()), 'check');
    expect(mr.body.error.code).toBe('import_header_invalid');
    expect(mr.body.error.message).toMatch(/第 3 列表头为空（是否合并了表头单元格？）/);
    expect((await upload(community, 'x.bin', Buffer.from([0, 1, 2, 255, 254]), 'check')).body.error.code).toBe('import_file_unreadable');
    const big = await upload(community, 'big.csv', Buffer.alloc(26 * 1024 * 1024, 0x41), 'check');
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
  });

  it('the template downloads; exports are masked and audited', async () => {
    const tpl = await t.app.fastify.inject({ method: 'GET', url: '/api/residents/import-template', headers: { cookie: community.cookie } });
    expect(tpl.statusCode).toBe(200);
    const twb = new ExcelJS.Workbook();
    await twb.xlsx.load(tpl.rawPayload as any);
    expect(twb.worksheets.map((w) => w.name)).toEqual(['居民', '填写说明']);
    const exp = await t.app.fastify.inject({ method: 'GET', url: '/api/residents/export?region=460107002001&grid=460107002001001', headers: { cookie: gridworker.cookie } });
    expect(exp.statusCode).toBe(200);
    expect(exp.headers['content-type']).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exp.rawPayload as any);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(6).value).toBe('身份证号');
    const ids: string[] = [];
    ws.eachRow((row, n) => { if (n > 1) ids.push(String(row.getCell(6).value)); });
    expect(ids.length).toBeGreaterThan(5);
    expect(ids.every((x) => /\*{8}/.test(x))).toBe(true);
    const a = await t.db.query(`SELECT actor_username, detail FROM audit_log WHERE action = 'people.export' ORDER BY id DESC LIMIT 1`);
    expect(a.rows[0].actor_username).toBe('gridworker');
  });
});

describe('retention (PIPL)', () => {
  it('anonymises records of people gone longer than the configured period, and frees their ID number', async () => {
    const admin = await t.login('admin');
    const idNumber = idFor('1970-07-07', '888');
    const hh = await newHousehold(community);
    const r = await t.send('POST', '/api/residents', { name: '周旧户', idNumber, phone: '13911112222', householdId: hh, relation: 'owner', movedIn: '2000-01-01', careGroups: ['disabled'] }, community);
    await t.send('POST', `/api/residents/${r.body.id}/move`, { date: '2020-01-01' }, community);
    const recent = await t.send('POST', '/api/residents', { name: '刚迁出', idNumber: idFor('1971-07-07', '889'), householdId: hh, relation: 'member', movedIn: '2000-01-01' }, community);
    await t.send('POST', `/api/residents/${recent.body.id}/move`, { date: new Date().toISOString().slice(0, 10) }, community);
    const res = await t.send('POST', '/api/residents/anonymise-expired', undefined, admin);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ months: 36 });
    expect(res.body.count).toBeGreaterThanOrEqual(1);
    const gone = (await t.get(`/api/residents/${r.body.id}`, community)).body;
    expect(gone).toMatchObject({ name: '（已匿名）', idNumber: '已匿名', phone: null, birthDate: '1970-01-01' });
    expect((await t.get(`/api/residents/${recent.body.id}`, community)).body.name).toBe('刚迁出');
    // the same person may be registered again
    expect((await t.send('POST', '/api/residents', { name: '周旧户', idNumber, householdId: await newHousehold(community), relation: 'owner', movedIn: '2024-01-01' }, community)).status).toBe(201);
    expect((await t.send('POST', `/api/residents/${r.body.id}/reveal`, { field: 'idNumber', reason: '核对身份信息' }, community)).status).toBe(404);
    const again = await t.send('POST', '/api/residents/anonymise-expired', undefined, admin);
    expect(again.body.count).toBe(0);
  });
});

describe('places', () => {
  it('a compound with a building laid out in units and dwellings; a household per dwelling', async () => {
    const c = await t.send('POST', '/api/compounds', { communityCode: '460107002001', name: '测试花园', builtYear: 1995, oldCompound: true }, community);
    expect(c.status).toBe(201);
    expect((await t.send('POST', '/api/compounds', { communityCode: '460107002001', name: '测试花园' }, community)).body.error.code).toBe('compound_duplicate');
    expect((await t.send('POST', '/api/compounds', { communityCode: '460107002', name: 'x' }, street)).body.error.code).toBe('region_not_community');
    const b = await t.send('POST', `/api/compounds/${c.body.id}/buildings`, { name: '1栋', floors: 6, units: 2, roomsPerFloor: 2, areaM2: 89.5 }, community);
    expect(b.status).toBe(201);
    const d = await t.get(`/api/compounds/${c.body.id}`, community);
    expect(d.body.buildings[0].units).toHaveLength(2);
    expect(d.body.buildings[0].units[0].dwellings).toHaveLength(12);
    const dwelling = d.body.buildings[0].units[0].dwellings[0];
    expect(dwelling).toMatchObject({ room: '101', areaM2: 89.5 });
    const h = await t.send('POST', '/api/households', { gridCode: '460107002001001', dwellingId: dwelling.id }, community);
    expect(h.status).toBe(201);
    expect((await t.send('POST', '/api/households', { gridCode: '460107002001001', dwellingId: dwelling.id }, community)).body.error.code).toBe('dwelling_taken');
    const dedicated = (await t.get('/api/grids?region=460107002001&kind=dedicated', community)).body.items[0].code;
    expect((await t.send('POST', '/api/households', { gridCode: dedicated, address: 'x' }, community)).body.error.code).toBe('grid_not_basic');
    const list = await t.get('/api/compounds?region=460107002001', community);
    expect(list.body.items.find((x: any) => x.name === '测试花园')).toMatchObject({ buildings: 1, dwellings: 24, households: 1, oldCompound: true });
  });

  it('府城街道\'s demo compounds: 197, 63.5% old', async () => {
    const { rows } = await t.db.query(`SELECT count(*)::int n, count(*) FILTER (WHERE old_compound)::int old FROM compound WHERE path LIKE '/46/4601/460107/460107002/%' AND name NOT IN ('测试花园', '文庄路20号')`);
    expect(rows[0].n).toBe(197);
    expect(Math.round((rows[0].old / rows[0].n) * 1000) / 10).toBe(63.5);
  });
});
