/**
 * The phone's strings: the shared dictionary (web/shared/i18n.common.ts) only — none of the
 * console's — in the app's language (web/shared/i18n.ts). The case and property pages keep their
 * own dictionaries beside them (cases/text.ts, web/shared/property/text.ts).
 */
import { makeI18n, type I18nOf } from '../shared/i18n';
import { commonMessages } from '../shared/i18n.common';

export { I18nProvider } from '../shared/i18n';
export type MessageKey = keyof typeof commonMessages.en;
export type I18n = I18nOf<MessageKey>;

export const { translate, useI18n } = makeI18n(commonMessages);
