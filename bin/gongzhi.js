#!/usr/bin/env node
// The `gongzhi` command (npx gongzhi …): runs the TypeScript CLI through tsx.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
