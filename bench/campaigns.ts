/**
 * Campaign benchmark (issue 14), on a database that already holds the demo: a campaign over a street
 * of BENCH_CAMPAIGN_HOUSEHOLDS (50,000) households (generated in 府城街道's grids), then the roll-up
 * read behind GET /api/campaigns/{id} (by community, and a community by grid) p50 / p99 while 8
 * connections record items (campaigns.answer, each a command with its audit record), for
 * BENCH_CAMPAIGN_SECONDS (10) s; the items recorded per second beside it.
 */
import { randomUUID } from 'node:crypto';
import { runCommand, type CommandActor } from '../src/core/command.js';
import type { Db } from '../src/core/db/pool.js';
import { findRegion } from '../src/modules/regions/api.js';
import { checkChecklist } from '../src/modules/campaigns/rules.js';
import { answerItem, createCampaign, listCampaigns, rollup } from '../src/modules/campaigns/store.js';

type Line = (name: string, value: string) => void;
const STREET = '460107002';
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN; };

export async function benchCampaigns(db: Db, line: Line): Promise<void> {
  const households = Number(process.env.BENCH_CAMPAIGN_HOUSEHOLDS ?? 50_000);
  const seconds = Number(process.env.BENCH_CAMPAIGN_SECONDS ?? 10);
  const street = (await findRegion(db, STREET))!;
  // households spread over the street's basic grids, beside the demo's
  const existing = Number((await db.query(`SELECT count(*) FROM household WHERE path LIKE $1`, [`${street.path}%`])).rows[0].count);
  await db.query(
    `INSERT INTO household (grid_code, path, address)
     SELECT g.code, g.path, '压测地址' || n FROM generate_series(1, $1::int) n
       JOIN (SELECT code, path, row_number() OVER (ORDER BY code) - 1 AS i, count(*) OVER () AS k FROM grid WHERE kind = 'basic' AND path LIKE $2) g ON g.i = n % g.k`,
    [Math.max(0, households - existing), `${street.path}%`]);
  await db.query('ANALYZE household');
  const list = checkChecklist([{ key: 'ok', label: '灭火器有效', type: 'yesno', problemWhen: false }, { key: 'note', label: '说明', type: 'text', required: false }]);
  if (!list.ok) throw new Error(list.reason);
  const actor: CommandActor = { accountId: null, username: 'bench', role: 'street_command', scopeCode: STREET };
  const t0 = performance.now();
  const c = await runCommand(db, actor, createCampaign, { region: street, title: '压测入户排查', kind: 'door_to_door', targetUnit: 'household', checklist: list.value, deadline: '2099-12-31', emergency: false, createdByName: 'bench' });
  line(`campaign over ${c.items.toLocaleString('en')} households: start (s)`, ((performance.now() - t0) / 1000).toFixed(2));
  await db.query('ANALYZE campaign_item');

  const ids = (await db.query(`SELECT id FROM campaign_item WHERE campaign_id = $1 ORDER BY random()`, [c.id])).rows.map((r) => Number(r.id));
  const scope = ['/'];
  const community = (await db.query(`SELECT code, path FROM region_v WHERE parent_code = $1 ORDER BY code LIMIT 1`, [STREET])).rows[0];
  let next = 0, recorded = 0, conflicts = 0;
  const stopAt = Date.now() + seconds * 1000;
  const writer = async () => {
    while (Date.now() < stopAt && next < ids.length) {
      const id = ids[next++];
      try {
        await runCommand(db, actor, answerItem, { itemId: id, scope, clientRef: randomUUID(), answers: { ok: id % 9 !== 0 }, problem: false, note: null, revise: false, accountName: 'bench' });
        recorded++;
      } catch { conflicts++; }
    }
  };
  const reads: number[] = [], communityReads: number[] = [];
  const reader = async () => {
    while (Date.now() < stopAt) {
      const a = performance.now();
      await rollup(db, c.id, street.path, scope, 'community');
      await listCampaigns(db, scope, scope, { id: c.id, limit: 1 });
      reads.push(performance.now() - a);
      const b = performance.now();
      await rollup(db, c.id, community.path, scope, 'grid');
      communityReads.push(performance.now() - b);
    }
  };
  const w0 = performance.now();
  await Promise.all([...Array.from({ length: 8 }, writer), reader()]);
  const elapsed = (performance.now() - w0) / 1000;
  line('campaign roll-up, street by community (+ its figures), 8 writers: p50 / p99 (ms)', `${pct(reads, 50).toFixed(1)} / ${pct(reads, 99).toFixed(1)} (${reads.length} reads)`);
  line('campaign roll-up, a community by grid, 8 writers: p50 / p99 (ms)', `${pct(communityReads, 50).toFixed(1)} / ${pct(communityReads, 99).toFixed(1)}`);
  line('campaign items recorded by 8 connections (items/s)', `${(recorded / elapsed).toFixed(0)}${conflicts ? ` (${conflicts} refused)` : ''}`);
}
