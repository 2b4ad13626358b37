/**
 * `cases.report` — the one intake for every channel: the console and phone (a grid worker, a
 * resident's 随手拍, a joint patrol, staff entry), the 12345 hotline, Open311, and a resident's
 * question on a property disclosure. The caller says who files it (`reporter`), through which
 * channel (`source`), what and where; everything the new row needs is in the input (e.g. the
 * compound a disclosure question is about), so no caller patches the row afterwards.
 *
 * Idempotent: the same `clientRef` from the same account returns the first case (`created:
 * false`, and the audit record is written only for the case that was created); the same
 * hotline ticket or Open311 external id is refused with 409 `hotline_ticket_duplicate`.
 *
 * `at` is where the case belongs, placed before the transaction opens by `placeReport()` (the
 * point → grid index is in memory; only its first load reads the database).
 */
import { auditRow, defineCommand, type Command } from '../../../core/command.js';
import type { Db } from '../../../core/db/pool.js';
import type { Keys } from '../../../core/privacy/keys.js';
import { createCase, createCaseOnce, locateCase, type FileInput, type Intake, type IntakeInput, type Placed } from '../intake.js';

export interface ReportCaseInput extends IntakeInput {
  /** Where it belongs (placeReport). */
  at: Placed;
  /** Who files it: the account's display name, or the integration's (Open311: …, a hotline). */
  reporter: { name: string; role: string | null; integrationId?: number | null };
  /** Keys for the reporter's phone (encrypted, blind-indexed, masked). */
  keys: Keys;
  /** Pre-set fields of the new row. */
  compoundId?: number | null;
  /** Extra detail on the report event (Open311's device id, attributes, media URL …). */
  eventDetail?: Record<string, unknown>;
  /** The audit action when not `cases.report` (`cases.hotline`, `cases.open311.report`). */
  auditAction?: string;
}

/** Check the category and place the report (point → grid, community, street; scope). Read-only; run it before the transaction. */
export async function placeReport(db: Db, input: IntakeInput, opts: { scope: string[] | null; fallbackRegion: string | null }): Promise<Placed> {
  return locateCase(db, input, opts);
}

const fileOf = (input: ReportCaseInput): FileInput => {
  const file: FileInput = { ...input };
  delete (file as Partial<ReportCaseInput>).keys;
  return file;
};
const reporterOf = (actor: { accountId: number | null }, input: ReportCaseInput) =>
  ({ accountId: actor.accountId, name: input.reporter.name, role: input.reporter.role, integrationId: input.reporter.integrationId ?? null });

export const reportCase: Command<ReportCaseInput, Intake> = defineCommand<ReportCaseInput, Intake>({
  name: 'cases.report',
  async run(tx, actor, input) {
    return createCase(tx, input.keys, fileOf(input), reporterOf(actor, input));
  },
  // one round trip: the case, its photos, first event, reporter, notices, outbox and this audit record in one statement,
  // shared with the reports that arrive at the same time
  once(db, actor, input) {
    return createCaseOnce(db, input.keys, fileOf(input), reporterOf(actor, input),
      auditRow(actor, reportCase, input, (slot) => ({ id: slot('id'), number: slot('number'), state: 'reported', created: true })));
  },
  audit: {
    when: (_input, r) => r.created,
    action: (input) => input.auditAction ?? 'cases.report',
    targetType: 'case',
    targetId: (_input, r) => String(r.id),
    detail: (input, r) => ({
      number: r.number, source: input.source, created: r.created,
      ...(input.hotline ? { ticket: input.hotline.ticket } : {}),
      ...(input.source === 'open311' ? { service_code: input.categoryCode } : {}),
      ...(input.clientRef ? { clientRef: input.clientRef } : {}),
    }),
  },
});
