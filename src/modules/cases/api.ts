/**
 * What the cases module offers other modules (and integrations): its commands and read
 * functions. Other modules file cases only through these, never by writing `cases` rows.
 */
export { reportCase, placeReport, type ReportCaseInput } from './commands/report-case.js';
export { HOTLINE_TYPES, SOURCES, type Intake, type IntakeInput, type Placed, type Source } from './intake.js';
