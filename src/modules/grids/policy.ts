import { definePolicy } from '../../core/access/policy.js';

/** Who sees the grid map, who may change it. Scope is the region subtree of the granting role. */
export const READERS = ['admin', 'street_command', 'community_staff', 'grid_worker', 'department_staff', 'mediator'] as const;
export const EDITORS = ['admin', 'street_command', 'community_staff'] as const;

export const policy = definePolicy('grids', {
  read: READERS,
  locate: READERS,
  mine: ['grid_worker'],
  edit: EDITORS,
  import: EDITORS,
  staff: EDITORS,
  coverage: READERS,
  mapSettings: 'authenticated',
  /** A basic grid's name and community: what its contact card prints for anyone to read (the report page of its QR code). */
  brief: 'authenticated',
});
