/** The app is this list: adding a module is a new folder and one line here. Order = migration and demo order. */
import type { Module } from '../core/http/module.js';
import { accountsModule } from './accounts/index.js';
import { auditModule } from './audit/index.js';
import { gridsModule } from './grids/index.js';
import { peopleModule } from './people/index.js';
import { settingsModule } from './settings/index.js';
import { calendarModule } from './calendar/index.js';
import { notificationsModule } from './notifications/index.js';
import { departmentsModule } from './departments/index.js';
import { casesModule } from './cases/index.js';
import { open311Module } from './open311/index.js';
import { partyModule } from './party/index.js';
import { propertyModule } from './property/index.js';
import { creditModule } from './credit/index.js';
import { regionsModule } from './regions/index.js';
import { jobsModule } from './jobs/index.js';
import { campaignsModule } from './campaigns/index.js';
import { patrolsModule } from './patrols/index.js';
import { visitsModule } from './visits/index.js';
import { careModule } from './care/index.js';
import { systemModule } from './system/index.js';

export const modules: Module[] = [systemModule, settingsModule, calendarModule, regionsModule, accountsModule, auditModule, gridsModule, peopleModule, notificationsModule, departmentsModule, casesModule, open311Module, partyModule, propertyModule, creditModule, campaignsModule, patrolsModule, jobsModule, visitsModule, careModule];

export const allMigrations = () => modules.flatMap((m) => m.migrations).sort((a, b) => a.id.localeCompare(b.id));
