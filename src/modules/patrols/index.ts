/**
 * Patrols (巡查, 联动巡查) and illegal structures (拆违). A grid worker or community staff member walks
 * a patrol on the phone, optionally with a track (precise location: sensitive under PIPL art. 28 —
 * encrypted, kept for the setting `patrols.trackRetentionDays`, then deleted by the job `patrols.tracks`,
 * readable only by the patroller and the community and street staff above it, every reading audited);
 * problems found become cases through the cases module's `reportCase`, linked to the patrol.
 * Illegal structures are registered and followed through persuasion visits to their end (machine.ts),
 * counted per street, community and grid.
 */
import type { Module } from '../../core/http/module.js';
import { patrolsDemo } from './demo.js';
import './errors.js';
import { migrations } from './migrations.js';
import { sweepTracks } from './patrols.js';
import { policy } from './policy.js';
import { patrolRoutes } from './routes-patrols.js';
import { structureRoutes } from './routes-structures.js';

export const patrolsModule: Module = {
  name: 'patrols',
  title: '巡查与拆违 Patrols and illegal structures',
  migrations,
  policy,
  routes: [...patrolRoutes, ...structureRoutes],
  demo: patrolsDemo,
  jobs: [{ name: 'patrols.tracks', everyMs: 3600_000, run: sweepTracks }],
  metrics: {
    'patrols.open': async (db) => (await db.query(`SELECT count(*)::int AS n FROM patrol WHERE ended_at IS NULL`)).rows[0].n,
    'patrols.structuresOpen': async (db) => (await db.query(`SELECT count(*)::int AS n FROM illegal_structure WHERE state IN ('registered','persuading')`)).rows[0].n,
  },
};
