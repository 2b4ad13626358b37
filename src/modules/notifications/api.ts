/**
 * What the notifications module offers other modules: `notify(tx, accounts, notice)` in the
 * caller's transaction, the SQL of the same write for a one-statement writer (`noticeCtes`, the
 * case intake), the recipients (who holds a role where, a grid's workers — read through their
 * owners' api.ts), the outbox drain and the outside channel. Other modules write notification and
 * outbox rows only through these.
 */
export {
  drainOutbox, logChannel, noticeCtes, notificationChannel, notify, outboxBacklog, setNotificationChannel,
  type DrainResult, type Notice, type NotificationChannel, type OutboundMessage,
} from './notify.js';
export { accountsWithRole, withRoleSql } from '../accounts/api.js';
export { gridWorkers, gridWorkersSql } from '../grids/api.js';
