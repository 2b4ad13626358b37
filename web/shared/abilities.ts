/**
 * Policy actions (GET /api/auth/me `abilities`) that the pages read as "what kind of work this
 * account does", so that no page decides from role names. Each is an action of the server's
 * policy; `useAuth().can(action)` answers it, `scopeOf(action)` says where.
 */

/** Works in the field on grids of their own: reports as a grid worker, handles on the spot, works the grid's queue. */
export const FIELD_WORK = 'grids.mine';
/** Has a home to bind in the registry (实名绑定): reports as a resident (anonymous, contact phone). */
export const RESIDENT_HOME = 'people.myHousehold';
/** A resident's compounds (公示, 评价, 我的房屋 tiles), at the region the account is bound to. */
export const RESIDENT_COMPOUNDS = 'property.compoundsMine';
/** Works on cases as staff: records a resident's satisfaction as a callback (回访), never rates for them. */
export const STAFF_ON_CASES = 'cases.act';
