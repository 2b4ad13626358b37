/**
 * Generated case history for demos and benchmarks: set-based SQL, so millions of rows take
 * seconds (one statement per batch, no per-row round trips). Cases fall on the region's grids
 * (near each grid's centre), spread over the last `days`, with outcomes in realistic shares.
 * Each reads like a real one: a description written for its category, an address on a road of
 * its place (province, city, district, street and community from the region tree), a reporter
 * for its source, and a timeline (登记, 派遣, 签收, 处置, 核查, 结案, 评价/回访) that matches its
 * state. Everything random comes from `setseed`, so a seed gives the same cases every time.
 * `events: false` leaves the timelines out (about half the time: each case has up to eight
 * events) for a run that only measures queries over the cases.
 * Deadlines here are approximate (wall-clock: working days × 7/5); cases filed through the API
 * get exact working-calendar deadlines.
 */
import { likePrefix } from '../../core/access/policy.js';
import type { Db } from '../../core/db/pool.js';

/** What residents and workers write, per leaf category; `{road}` is the road of the case. */
const TEXTS: Record<string, string[]> = {
  '0101': ['{road}公交站旁堆着几袋生活垃圾，没人清理，已经招苍蝇了', '小区北门外绿化带里有人乱扔垃圾，塑料袋、饭盒一大堆', '{road}路边垃圾桶满了溢出来，垃圾散落一地', '菜市场后巷有暴露垃圾，天热味道很大', '{road}人行道上有人倒了一堆装修垃圾和纸箱'],
  '0102': ['{road}空地上堆了大量建筑渣土，已经好几天没运走', '小区围墙外积存垃圾渣土，下雨后泥水流到路面', '{road}拆迁地块旁渣土堆放，起风就扬尘', '楼后空地堆积的杂物和垃圾越来越多，居民反映很大'],
  '0103': ['{road}路面有大片油污，电动车经过容易打滑', '{road}人行道上泥土很多，像是渣土车洒落的', '早市散后{road}路面脏乱，菜叶和泡沫箱没人扫', '{road}路段落叶和垃圾堆积，清扫不及时'],
  '0201': ['{road}电线杆和墙上贴满了“疏通下水道”“办证”小广告', '小区单元门上被贴了很多开锁小广告，撕了又贴', '{road}公交站牌上喷涂了电话号码小广告', '楼道墙面被喷了小广告，影响美观'],
  '0202': ['{road}一家店铺门头挂了超大广告牌，没有审批', '{road}路口新立了一块户外广告牌，遮挡了交通标志', '沿街商铺在人行道上摆放落地广告牌，占用通道'],
  '0301': ['{road}一户在楼顶私自加盖铁皮房', '小区一楼住户私自扩建院墙，占用公共绿地', '{road}路边有人搭建违章棚子用于经营', '楼顶有人正在搭建彩钢房，疑似违法建设'],
  '0302': ['{road}工地晚上十一点后还在施工，噪音很大影响休息', '附近工地早上六点就开始打桩，居民无法休息', '{road}道路施工夜间作业，切割声音很吵', '工地围挡破损，施工扬尘很大'],
  '0401': ['{road}路面冒热气，疑似供热管道泄漏', '小区地下供热管道漏水，井口往外冒热水', '楼道暖气管道接口漏水，地面积水'],
  '0402': ['小区消防通道被私家车长期占用，消防车进不来', '{road}一栋楼的消防通道堆满杂物和电动车', '楼道里堆放了大量纸箱杂物，堵塞安全出口', '消防通道被设置了地锁，无法通行'],
  '0403': ['有住户从楼上拉电线下来给电动车充电', '楼道里停放电动车并在充电，存在火灾隐患', '{road}一户居民把电动车推进家里充电', '单元门口有人飞线充电，电线横穿人行道'],
  '0404': ['{road}人行道上一个井盖不见了，晚上很危险', '{road}路口的雨水井盖缺失，已经有人差点踩空', '小区门口的井盖破损塌陷，车辆经过很危险', '{road}非机动车道上井盖被盗，只剩一个洞'],
  '0501': ['{road}路边车辆乱停，占用了盲道和人行道', '小区门口经常有车辆停放，堵住出入口', '{road}路口有车辆长期停放，影响通行', '共享单车在{road}人行道上堆成一片，行人无法通过'],
  '0502': ['小区里有人遛狗不牵绳，狗追着小孩跑', '楼道里经常有狗粪便，主人不清理', '邻居家狗整夜叫，影响休息', '{road}有人遛大型犬没有拴绳，老人很害怕'],
  '0503': ['{road}路边有流动摊贩占道经营，堵塞交通', '早餐摊把桌椅摆到{road}人行道上', '水果摊占用{road}人行道经营，行人只能走机动车道', '夜市摊位占道经营，收摊后垃圾满地'],
  '0601': ['{road}小区门口下水道堵塞，污水外溢到路面', '楼下下水管道堵了，污水从井口冒出来，味道很大', '{road}路边排水沟堵塞，一下雨就积水', '小区化粪池满了，污水流到人行道上', '{road}雨水井被垃圾堵住，路面积水严重'],
  '0602': ['{road}有几盏路灯不亮，晚上路很黑', '小区门口路灯一直闪烁，已经好几天了', '{road}路灯杆被撞歪了，灯也不亮', '{road}整段路灯晚上都没开'],
  '0603': ['小区整栋楼停水，没有通知', '{road}路边水管爆裂，水流满地', '家里水压很低，楼上几层都没水', '{road}地下水管漏水，路面一直在冒水'],
  '0701': ['{road}路面坑洼，下雨积水，电动车容易摔倒', '{road}人行道地砖松动破损，老人容易绊倒', '{road}路面塌陷一个坑，车辆经过很危险', '小区出入口道路破损严重，坑洼不平'],
  '0801': ['{road}绿化带里杂草丛生，还有垃圾', '小区公共绿地被人种菜，还浇粪水', '{road}街心公园草坪被踩秃，堆了杂物', '绿化带里的树枝被剪下后堆放没人清运'],
  '0802': ['{road}一棵大树被风刮倒，压在人行道上', '{road}路边树木倾斜严重，随时可能倒下', '小区里的树倒了压到围墙，影响通行', '台风后{road}有几棵行道树倒伏'],
  '0901': ['老楼外墙瓷砖脱落，掉到楼下人行道上', '{road}一栋老房子墙体开裂，居民担心安全', '楼道顶板有混凝土剥落，钢筋外露', '阳台栏杆锈蚀松动，存在坠落隐患'],
  '0902': ['物业长期不维修电梯，老人上下楼困难', '小区物业收费后不打扫卫生，垃圾没人清', '物业擅自把公共车位出租，业主有意见', '小区门禁坏了很久，物业一直不修'],
  '1001': ['{road}一带晚上有人聚集喧哗，影响休息', '小区健身器材损坏，存在安全隐患', '{road}公交站候车亭玻璃破碎', '楼道灯坏了很久没人修'],
};
const GENERIC = ['{road}附近发现问题，请尽快处理', '居民反映{road}一带存在安全隐患，需现场查看', '{road}路段有情况需要处置，请派人核实'];

/** Road names by region-code prefix (the demo's three cities), and a fallback. */
const ROADS: [string, string[]][] = [
  ['460107002', ['文庄路', '忠介路', '府城大道', '中山路', '凤翔路', '高登街', '鼓楼街', '北胜路', '南门路', '红城湖路', '琼州大道', '新华路', '道客路', '崇德路']],
  ['4601', ['龙昆南路', '海府路', '琼州大道', '国兴大道', '凤翔路', '红城湖路', '椰海大道', '新大洲大道', '中山路', '博爱南路']],
  ['1501', ['新华大街', '中山路', '兴安北路', '海拉尔东路', '满都海街', '成吉思汗大街', '东影南路', '锡林郭勒北路', '昭乌达路', '通道街']],
  ['3601', ['北京东路', '青山路', '湖滨南路', '上海路', '民强路', '南京东路', '洪都中大道', '胜利路', '八一大道', '阳明路']],
];
const FALLBACK_ROADS = ['人民路', '建设路', '解放路', '中山路', '和平路', '新华路', '文化路', '光明街', '团结路', '幸福路'];
const ADDRESS_TAILS = ['号', '号附近', '号门口', '号对面', '号旁', '号小区北门', '号小区东门'];
const RESULTS = ['已安排人员到现场处置完毕，拍照留存', '已清理干净，现场恢复正常', '已联系责任单位整改完毕', '已维修更换，经测试正常', '已劝导当事人并督促整改，现场已规范', '已疏通处理，居民确认无异常'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '林', '符', '吉', '冯', '邢', '云', '唐', '蔡'];

export async function generateCases(db: Db, opts: { regionCode: string; count: number; days: number; seed?: number; batch?: number; events?: boolean }, onProgress?: (done: number, total: number) => void): Promise<number> {
  const { rows: [region] } = await db.query(`SELECT path FROM region WHERE code = $1`, [opts.regionCode]);
  if (!region) throw new Error(`no region ${opts.regionCode}`);
  const roads = ROADS.find(([p]) => opts.regionCode.startsWith(p))?.[1] ?? FALLBACK_ROADS;
  const codes: string[] = [], texts: string[] = [];
  for (const [code, list] of Object.entries(TEXTS)) for (const x of list) { codes.push(code); texts.push(x); }
  for (const x of GENERIC) { codes.push('*'); texts.push(x); }
  const batch = opts.batch ?? 100_000;
  let made = 0;
  for (let start = 0; start < opts.count; start += batch) {
    const n = Math.min(batch, opts.count - start);
    await db.tx(async (tx) => {
      await tx.query(`SELECT setseed($1)`, [((opts.seed ?? 42) + start) % 1000 / 1000]);
      await tx.query(`
        WITH tpl AS (SELECT t.code, t.text, row_number() OVER (PARTITION BY t.code ORDER BY t.ord) - 1 AS i, count(*) OVER (PARTITION BY t.code) AS n
                       FROM unnest($4::text[], $5::text[]) WITH ORDINALITY AS t(code, text, ord)),
        tplc AS (SELECT code, count(*) AS n FROM tpl GROUP BY code),
        roads AS (SELECT r.name, r.ord - 1 AS i FROM unnest($6::text[]) WITH ORDINALITY AS r(name, ord)),
        deps AS (SELECT DISTINCT ON (region_code, kind) id, name, region_code, kind FROM department_v ORDER BY region_code, kind, id),
        rc AS (SELECT count(*) AS n FROM roads),
        g AS (
          SELECT row_number() OVER (ORDER BY g.code) - 1 AS i, g.code, g.community_code, r.name AS community_name, r.parent_code AS street_code, st.name AS street_name,
                 st.parent_code AS district_code, concat_ws('', ci.name, di.name, st.name, r.name) AS place, g.path,
                 (g.min_lon + g.max_lon) / 2 AS lon, (g.min_lat + g.max_lat) / 2 AS lat, (g.max_lon - g.min_lon) AS w, (g.max_lat - g.min_lat) AS h,
                 wk.account_id AS worker_id, wk.name AS worker_name
            FROM grid g JOIN region r ON r.code = g.community_code JOIN region st ON st.code = r.parent_code
                 LEFT JOIN region di ON di.code = st.parent_code LEFT JOIN region ci ON ci.code = di.parent_code
                 LEFT JOIN LATERAL (SELECT s.account_id, s.name FROM grid_staff s WHERE s.grid_code = g.code AND s.post = 'worker' AND s.until IS NULL ORDER BY s.id LIMIT 1) wk ON true
           WHERE g.path LIKE $1 AND g.kind = 'basic'),
        gc AS (SELECT count(*) AS n FROM g),
        cat AS (SELECT row_number() OVER (ORDER BY code) - 1 AS i, * FROM case_category c WHERE c.active AND NOT EXISTS (SELECT 1 FROM case_category k WHERE k.parent_code = c.code)),
        cc AS (SELECT count(*) AS n FROM cat),
        raw AS (
          SELECT s, random() AS rg, random() AS rc, random() AS rt, random() AS ro, random() AS rr, random() AS rs, random() AS rsrc,
                 random() AS rtx, random() AS rrd, random() AS rno, random() AS rtl, random() AS rnm, random() AS rsx, random() AS rx, random() AS ry
            FROM generate_series(1, $2::int) s),
        base AS (
          SELECT raw.*, g.code AS grid_code, g.community_code, g.community_name, g.street_code, g.street_name, g.district_code, g.place, g.path, g.worker_id, g.worker_name,
                 g.lon + (raw.rx - 0.5) * LEAST(g.w, 0.004) * 0.8 AS lon, g.lat + (raw.ry - 0.5) * LEAST(g.h, 0.004) * 0.8 AS lat,
                 cat.code AS category_code, cat.level, cat.priority, cat.response_hours, cat.resolve_value, cat.resolve_unit, cat.department_kind, cat.department_matter,
                 now() - make_interval(secs => raw.rt * $3::int * 86400) AS created_at,
                 (ARRAY['grid_worker','grid_worker','grid_worker','resident','resident','hotline','patrol','staff'])[1 + floor(raw.rsrc * 8)::int] AS source,
                 rd.name AS road,
                 ($7::text[])[1 + floor(raw.rnm * array_length($7::text[], 1))::int] AS surname
            FROM raw, gc, cc, rc, roads rd,
                 LATERAL (SELECT * FROM g WHERE g.i = floor(raw.rg * gc.n)::bigint) g,
                 LATERAL (SELECT * FROM cat WHERE cat.i = floor(raw.rc * cc.n)::bigint) cat
           WHERE rd.i = floor(raw.rrd * rc.n)::bigint),
        timed AS (
          SELECT b.*, b.created_at + make_interval(secs => b.response_hours * 3600) AS response_due,
                 b.created_at + CASE b.resolve_unit WHEN 'working_days' THEN make_interval(days => ceil(b.resolve_value * 7.0 / 5)::int) ELSE make_interval(hours => b.resolve_value * 3) END AS resolve_due,
                 COALESCE(t1.text, t2.text) AS text,
                 d.id AS department_id, d.name AS department_name
            -- hash joins, not per-row lookups: the bench makes millions
            FROM base b
                 CROSS JOIN (SELECT n FROM tplc WHERE code = '*') c2
                 LEFT JOIN tplc c1 ON c1.code = b.category_code
                 LEFT JOIN tpl t1 ON t1.code = b.category_code AND t1.i = floor(b.rtx * c1.n)::bigint
                 LEFT JOIN tpl t2 ON t2.code = '*' AND t2.i = floor(b.rtx * c2.n)::bigint
                 LEFT JOIN deps d ON b.department_matter AND d.region_code = b.district_code AND d.kind = b.department_kind),
        outcome AS (
          SELECT t.*,
            CASE WHEN t.ro < 0.04 THEN 'rejected'
                 WHEN t.resolve_due > now() AND t.ro < 0.30 THEN (ARRAY['reported','registered','dispatched','accepted','handled'])[1 + floor(t.rs * 5)::int]
                 WHEN t.ro < 0.09 THEN (ARRAY['accepted','dispatched'])[1 + floor(t.rs * 2)::int]
                 ELSE 'closed' END AS state,
            -- who handles: a department for its matters, the grid's worker for a grid-level matter, else the community
            CASE WHEN t.department_id IS NOT NULL THEN 'department' WHEN t.level = 'grid' AND t.worker_id IS NOT NULL THEN 'grid_worker' ELSE 'community' END AS hkind,
            CASE t.source WHEN 'resident' THEN '居民' || t.surname || (CASE WHEN t.rsx < 0.5 THEN '先生' ELSE '女士' END)
                          WHEN 'hotline' THEN '12345来电人' || t.surname || (CASE WHEN t.rsx < 0.5 THEN '先生' ELSE '女士' END)
                          WHEN 'grid_worker' THEN COALESCE(t.worker_name, '网格员' || t.surname || (CASE WHEN t.rsx < 0.5 THEN '先生' ELSE '女士' END))
                          WHEN 'patrol' THEN t.community_name || '联合巡查组'
                          ELSE t.community_name || '工作人员' END AS reporter,
            t.place || t.road || (1 + floor(t.rno * 180)::int) || ($8::text[])[1 + floor(t.rtl * array_length($8::text[], 1))::int] AS address
            FROM timed t),
        full_row AS (
          SELECT o.*,
            CASE WHEN o.state NOT IN ('reported','rejected') THEN o.created_at + interval '20 minutes' END AS registered_at,
            CASE WHEN o.state IN ('accepted','handled','closed') THEN o.created_at + make_interval(secs => o.response_hours * 3600 * (0.2 + o.rr)) END AS responded_at,
            CASE WHEN o.state IN ('handled','closed') THEN o.created_at + (o.resolve_due - o.created_at) * (0.3 + o.rr * 0.8) END AS handled_at,
            CASE WHEN o.state = 'closed' THEN LEAST(now(), o.created_at + (o.resolve_due - o.created_at) * (0.35 + o.rr * 0.85)) END AS closed_at,
            -- satisfaction only from a resident reporter (RULES.md, Cases); staff-discovered cases are not rated
            o.state = 'closed' AND o.rs < 0.7 AND o.source IN ('resident','hotline') AS rated,
            CASE o.hkind WHEN 'department' THEN o.department_name WHEN 'grid_worker' THEN o.worker_name ELSE o.community_name END AS handler_name
            FROM outcome o),
        ins AS (
          INSERT INTO cases (number, source, category_code, state, description, address, lon, lat, street_code, community_code, grid_code, path, level, priority,
                             registered_at, response_due, resolve_due, responded_at, handled_at, closed_at, rework_count, satisfaction, resolved, rated_at, rated_by, callback_at,
                             handler_kind, handler_account_id, handler_department_id, handler_name, lead_department_id,
                             reporter_name, created_at, updated_at)
          SELECT to_char(f.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || regexp_replace(lpad(nextval('case_number_seq')::text, 20, '0'), '^0{0,14}', ''), -- at least 6 digits, as nextNumber()
                 f.source, f.category_code, f.state, replace(f.text, '{road}', f.road), f.address, f.lon, f.lat, f.street_code, f.community_code, f.grid_code, f.path, f.level, f.priority,
                 f.registered_at, f.response_due, f.resolve_due, f.responded_at, f.handled_at, f.closed_at,
                 CASE WHEN f.state IN ('closed','handled') AND f.rs < 0.05 THEN 1 ELSE 0 END,
                 CASE WHEN f.rated THEN (CASE WHEN f.rr < 0.72 THEN 'satisfied' WHEN f.rr < 0.92 THEN 'basic' ELSE 'dissatisfied' END) END,
                 CASE WHEN f.rated THEN f.rr < 0.9 END,
                 CASE WHEN f.rated THEN LEAST(now(), f.closed_at + interval '1 day') END,
                 CASE WHEN f.rated THEN (CASE WHEN f.source = 'resident' THEN f.reporter ELSE f.street_name || '指挥中心' END) END,
                 CASE WHEN f.rated AND f.source = 'hotline' THEN LEAST(now(), f.closed_at + interval '1 day') END,
                 CASE WHEN f.state IN ('dispatched','accepted','handled','closed') THEN f.hkind END,
                 CASE WHEN f.state IN ('dispatched','accepted','handled','closed') AND f.hkind = 'grid_worker' THEN f.worker_id END,
                 CASE WHEN f.state IN ('dispatched','accepted','handled','closed') AND f.hkind = 'department' THEN f.department_id END,
                 CASE WHEN f.state IN ('dispatched','accepted','handled','closed') THEN f.handler_name END,
                 CASE WHEN f.state IN ('dispatched','accepted','handled','closed') AND f.hkind = 'department' THEN f.department_id END,
                 f.reporter, f.created_at, f.created_at
            FROM full_row f
          RETURNING id, state, source, description, created_at, registered_at, responded_at, handled_at, closed_at, rated_at, satisfaction, resolved, rated_by,
                    handler_kind, handler_name, reporter_name, level, street_code, community_code),
        steps AS (
          SELECT i.id, d.dispatcher, d.drole, e.* FROM ins i
            JOIN region rs ON rs.code = i.street_code LEFT JOIN region rm ON rm.code = i.community_code
            CROSS JOIN LATERAL (SELECT CASE WHEN i.level = 'street' OR rm.name IS NULL THEN rs.name || '指挥中心' ELSE rm.name || '工作人员' END AS dispatcher,
                                       CASE WHEN i.level = 'street' OR rm.name IS NULL THEN 'street_command' ELSE 'community_staff' END AS drole) d
            CROSS JOIN LATERAL (VALUES
              (1, i.created_at, i.reporter_name, CASE i.source WHEN 'grid_worker' THEN 'grid_worker' WHEN 'resident' THEN 'resident' WHEN 'staff' THEN 'community_staff' END, 'report', NULL, 'reported', i.description, jsonb_build_object('source', i.source), true),
              (2, i.created_at + interval '20 minutes', NULL, NULL, 'reject', 'reported', 'rejected', '不属于受理范围，已告知反映人', '{}'::jsonb, i.state = 'rejected'),
              (3, i.registered_at, NULL, NULL, 'register', 'reported', 'registered', NULL, '{}'::jsonb, i.registered_at IS NOT NULL),
              (4, i.registered_at + interval '10 minutes', NULL, NULL, 'dispatch', 'registered', 'dispatched', NULL,
                  jsonb_build_object('to', jsonb_build_object('handler_kind', i.handler_kind, 'handler_name', i.handler_name)), i.handler_kind IS NOT NULL),
              (5, i.responded_at, i.handler_name, NULL, 'accept', 'dispatched', 'accepted', NULL, '{}'::jsonb, i.responded_at IS NOT NULL),
              (6, i.handled_at, i.handler_name, NULL, 'handle', 'accepted', 'handled', ($9::text[])[1 + (i.id % array_length($9::text[], 1))::int], '{}'::jsonb, i.handled_at IS NOT NULL),
              (7, i.closed_at - (i.closed_at - i.handled_at) / 2, NULL, NULL, 'verify_pass', 'handled', 'verified', '现场核查，已按要求处置', '{}'::jsonb, i.closed_at IS NOT NULL),
              (8, i.closed_at, NULL, NULL, 'close', 'verified', 'closed', NULL, '{}'::jsonb, i.closed_at IS NOT NULL),
              (9, i.rated_at, i.rated_by, CASE WHEN i.source = 'resident' THEN 'resident' ELSE 'street_command' END, CASE WHEN i.source = 'resident' THEN 'rate' ELSE 'callback' END,
                  'closed', 'closed', NULL, jsonb_build_object('satisfaction', i.satisfaction, 'resolved', i.resolved), i.rated_at IS NOT NULL)
            ) AS e(ord, at, actor, role, action, from_state, to_state, note, detail, happened)
           WHERE e.happened AND $10::boolean)
        INSERT INTO case_event (case_id, at, actor_name, role, action, from_state, to_state, note, detail)
        SELECT s.id, s.at, COALESCE(s.actor, s.dispatcher), COALESCE(s.role, s.drole), s.action, s.from_state, s.to_state, s.note, s.detail
          FROM steps s ORDER BY s.id, s.ord`, [likePrefix(region.path), n, opts.days, codes, texts, roads, SURNAMES, ADDRESS_TAILS, RESULTS, opts.events ?? true]);
    });
    made += n;
    onProgress?.(made, opts.count);
  }
  return made;
}
