import type { Module } from '../../core/http/module.js';
import './errors.js';
import { generateResidents } from './generate.js';
import { migrations } from './migrations.js';
import { policy } from './policy.js';
import { sweepRetention } from './retention.js';
import { myHouseholdRoutes } from './routes/my-household.js';
import { placeRoutes } from './routes/places.js';
import { residentRoutes } from './routes/residents.js';
import { transferRoutes } from './routes/transfer.js';
import './units.js'; // buildings as party units (party/units.ts)

export const peopleModule: Module = {
  name: 'people',
  title: '人口与房屋 Places and people: compounds, dwellings, households, the resident registry and care groups',
  migrations,
  policy,
  routes: [...placeRoutes, ...residentRoutes, ...transferRoutes, ...myHouseholdRoutes],
  jobs: [{ name: 'people.retention', everyMs: 24 * 3600 * 1000, run: sweepRetention }],
  async demo({ db, keys, log }) {
    // 府城街道: 197 compounds, 63.5% of them old, as the seed reports
    const r = await db.tx((tx) => generateResidents(tx, keys, { regionCode: '460107002', residents: 2400, compounds: 197, oldCompoundShare: 0.635, seed: 460107002 }, null));
    log(`people: ${r.residents} residents in ${r.households} households, ${r.compounds} compounds in 府城街道`);
  },
  metrics: {
    residents: async (db) => (await db.query('SELECT count(*)::int AS n FROM resident WHERE deceased_on IS NULL')).rows[0].n,
  },
};
