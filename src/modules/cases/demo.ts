/**
 * The cases module's demo (after the departments module's, which seeds the departments a street
 * whistles and their members): a 12345 hotline integration and an Open311 key,
 * and three months of generated history for 府城街道 so the rates have something to show.
 */
import { tokenHash } from '../../core/auth/tokens.js';
import type { DemoContext } from '../../core/http/module.js';
import { generateCases } from './generate.js';

export const DEMO_HOTLINE_TOKEN = 'gongzhi-demo-hotline';
export const DEMO_OPEN311_KEY = 'gongzhi-demo-open311';

export async function casesDemo({ db, log }: DemoContext): Promise<void> {
  await db.tx(async (tx) => {
    await tx.query(`INSERT INTO integration (kind, name, token_hash, region_code) VALUES ('hotline', '海口12345热线（演示）', $1, '460107') ON CONFLICT DO NOTHING`, [tokenHash(DEMO_HOTLINE_TOKEN)]);
    await tx.query(`INSERT INTO integration (kind, name, token_hash, region_code) VALUES ('open311', 'Open311 演示客户端', $1, '460107') ON CONFLICT DO NOTHING`, [tokenHash(DEMO_OPEN311_KEY)]);
  });
  const n = await generateCases(db, { regionCode: '460107002', count: 600, days: 90, seed: 7 });
  log(`cases: hotline and Open311 demo keys, ${n} generated cases in 府城街道 over 90 days`);
}
