import { loadConfig } from '../../core/config.js';
import type { Module } from '../../core/http/module.js';
import { bodyAccountMigrations } from './body-accounts.js';
import { loadPropertyDemo } from './demo.js';
import { sweepPendingFiles } from './disclosure-files.js';
import { sweepOverdueDisclosures } from './disclosure-overdue.js';
import './errors.js';
import { migrations } from './migrations.js';
import { policy } from './policy.js';
import { bodyRoutes } from './routes/bodies.js';
import { disclosureFileRoutes } from './routes/disclosure-files.js';
import { disclosureRoutes } from './routes/disclosures.js';
import { feeRoutes } from './routes/fees.js';

export const propertyModule: Module = {
  name: 'property',
  title: '红色物业 Property: companies and outlets, the compounds they serve, owners\' committees and their documents',
  migrations: [...migrations, ...bodyAccountMigrations],
  policy,
  routes: [
    ...bodyRoutes,
    ...disclosureRoutes,
    ...disclosureFileRoutes,
    ...feeRoutes,
  ],
  demo: loadPropertyDemo,
  jobs: [
    // overdue disclosures told to their supervisors, and uploads nobody published removed
    { name: 'property.disclosures', everyMs: 3600_000, run: async (db) => ({ overdue: await sweepOverdueDisclosures(db), pendingFiles: await sweepPendingFiles(db, loadConfig().dataDir) }) },
  ],
};
