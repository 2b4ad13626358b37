import { definePolicy } from '../../core/access/policy.js';

export const policy = definePolicy('auth', {
  login: 'public',
  me: 'authenticated',
  logout: 'authenticated',
});
