#!/usr/bin/env node
// `npm start`: build the web front end if it is stale, then run the server.
import { buildWeb } from './build-web.js';
import { register } from 'tsx/esm/api';

buildWeb();
register();
await import('../src/main.ts');
