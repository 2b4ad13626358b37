import { describe, expect, it } from 'vitest';
import { parseIdNumber } from '../../src/core/privacy/validate.js';
import { DEMO_HOMES } from '../../src/modules/property/demo.js';
import { readFileSync } from 'node:fs';

describe('demo homes', () => {
  it('the demo residents\' ID numbers are valid (GB 11643), and the README gives the one to try', () => {
    for (const h of Object.values(DEMO_HOMES)) expect(parseIdNumber(h.idNumber)).not.toHaveProperty('problem');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(DEMO_HOMES.changjiu.idNumber);
    expect(readme).toContain(DEMO_HOMES.changjiu.name);
  });
});
