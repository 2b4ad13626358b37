/**
 * Visits (入户走访、社情民意、代办): a grid worker's contacts with the households of their grids — home
 * visits, calls, meetings outside — with who was met and the public sentiment heard (topics from an
 * editable list, text, urgency); a visit or sentiment record becomes a case in one step through cases'
 * reportCase (on-the-spot fixes as cases handled on the spot), linked both ways; proxy services per
 * resident. Idempotent on the phone's clientRef. Other modules read contacts through api.ts (care plans).
 */
import type { Module } from '../../core/http/module.js';
import { visitsDemo } from './demo.js';
import './errors.js';
import { migrations } from './migrations.js';
import { policy } from './policy.js';
import { visitRoutes } from './routes.js';

export const visitsModule: Module = {
  name: 'visits',
  title: '入户走访 Visits: contacts with households, public sentiment (社情民意), proxy services (代办)',
  migrations,
  policy,
  routes: visitRoutes,
  demo: visitsDemo,
};
