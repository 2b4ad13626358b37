/**
 * The commands the CLI runs (as `systemActor('cli')`), each through `runCommand`: the change and
 * its audit record in one transaction.
 */
import { defineCommand } from '../core/command.js';
import type { Keys } from '../core/privacy/keys.js';
import { createAccount, type NewAccount } from '../modules/accounts/accounts.js';
import { insertLaidGrids, type LaidGrid } from '../modules/grids/demo.js';
import { generateResidents, type GenerateOptions } from '../modules/people/generate.js';
import { importRegions } from '../modules/regions/importer.js';

type OnProgress = (done: number, total: number) => void;

/** Import a subtree of the national divisions. */
export const importRegionsCommand = defineCommand<{ under: string; onProgress?: OnProgress }, { under: string; name: string; imported: number }>({
  name: 'regions.import',
  run: (tx, _actor, input) => importRegions(tx, input.under, input.onProgress),
  audit: { targetType: 'region', targetId: (_input, r) => r.under, detail: (_input, r) => ({ imported: r.imported }) },
});

/** Create an account with its roles. */
export const createAccountCommand = defineCommand<NewAccount, number>({
  name: 'accounts.create',
  run: (tx, _actor, input) => createAccount(tx, input),
  audit: { targetType: 'account', targetId: (_input, id) => String(id), detail: (input) => ({ username: input.username, roles: input.roles }) },
});

/** Lay out a synthetic grid map under a region that has none. */
export const generateGridsCommand = defineCommand<{ region: string; grids: LaidGrid[]; seed: number }, number>({
  name: 'grids.generate',
  run: async (tx, _actor, input) => { await insertLaidGrids(tx, input.grids, input.seed); return input.grids.length; },
  audit: { targetType: 'region', targetId: (input) => input.region, detail: (_input, n) => ({ grids: n }) },
});

/** Synthetic compounds, households and residents under a region. */
export const generateResidentsCommand = defineCommand<{ keys: Keys; options: GenerateOptions; onProgress?: OnProgress }, { residents: number; households: number; compounds: number }>({
  name: 'people.generate',
  run: (tx, _actor, input) => generateResidents(tx, input.keys, input.options, null, input.onProgress),
  audit: { targetType: 'region', targetId: (input) => input.options.regionCode, detail: (_input, r) => ({ ...r }) },
});

/**
 * The record of a generated case history. The cases themselves are written in batches of their
 * own transactions (millions of rows: see cases/generate.ts); this command records what was made.
 */
export const casesGeneratedCommand = defineCommand<{ region: string; cases: number; days: number }, void>({
  name: 'cases.generate',
  run: async () => {},
  audit: { targetType: 'region', targetId: (input) => input.region, detail: (input) => ({ cases: input.cases, days: input.days }) },
});
