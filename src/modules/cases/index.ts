import type { Module } from '../../core/http/module.js';
import { seedCategories } from './categories.js';
import { casesDemo, DEMO_OPEN311_KEY } from './demo.js';
import './errors.js';
import { migrations } from './migrations.js';
import { policy } from './policy.js';
import { sweepDeadlines } from './sweep.js';
import { indexCaseSearch } from './search.js';
import { categoriesRoutes } from './routes/categories.js';
import { photosRoutes } from './routes/photos.js';
import { intakeRoutes } from './routes/intake.js';
import { queueRoutes } from './routes/queue.js';
import { actingRoutes } from './routes/acting.js';
import { metricsRoutes } from './routes/metrics.js';
import { integrationsRoutes } from './routes/integrations.js';

export const casesModule: Module = {
  name: 'cases',
  title: '案件 Cases: intake from every channel, the closed loop, 街道吹哨·部门报到, deadlines on working days, ratings and rates',
  migrations,
  policy,
  async reference({ db }) { await seedCategories(db); },
  demo: casesDemo,
  jobs: [
    { name: 'cases.deadlines', everyMs: 60_000, run: (db) => sweepDeadlines(db) },
    // keyword search terms of new cases, a moment after they commit (search.ts)
    { name: 'cases.search', everyMs: 500, run: (db) => indexCaseSearch(db) },
  ],
  metrics: {
    'cases.open': async (db) => Number((await db.query(`SELECT count(*) AS n FROM cases WHERE state NOT IN ('closed','rejected','merged')`)).rows[0].n),
  },
  routes: [
    ...categoriesRoutes,
    ...photosRoutes,
    ...intakeRoutes,
    ...queueRoutes,
    ...actingRoutes,
    ...metricsRoutes,
    ...integrationsRoutes,
  ],
};

export { DEMO_OPEN311_KEY };
