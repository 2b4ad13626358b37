/**
 * `auth.login_failed`: a sign-in with a wrong password (or for no such account). The attempt was
 * already counted by the throttle before the password was checked (core/auth/throttle.ts); this
 * command records it in the audit log and, once per burst of failures, tells the account's owner.
 */
import { claimNotice } from '../../core/auth/throttle.js';
import { defineCommand } from '../../core/command.js';
import { notify } from '../notifications/api.js';

export interface LoginFailed {
  /** The account signed in to, when it exists and is active. */
  accountId: number | null;
  username: string;
  ip: string;
  pairFailures: number;
  accountFailures: number;
}

/** The notice the account's owner gets once per burst of failed sign-ins (console and outbox). */
export function loginFailureNotice(failures: number, ip: string): string {
  return `您的账号近期登录失败 ${failures} 次（最近一次来自 ${ip}）。如非本人操作，请尽快修改密码并告知管理员。`;
}

export const loginFailed = defineCommand<LoginFailed, { noticed: boolean }>({
  name: 'auth.login_failed',
  async run(tx, _actor, input) {
    const noticed = input.accountId !== null && await claimNotice(tx, input.username, input);
    if (noticed) await notify(tx, [input.accountId!], { kind: 'login_failures', caseId: null, text: loginFailureNotice(input.accountFailures, input.ip) });
    return { noticed };
  },
  audit: {
    targetType: 'account',
    targetId: (input) => (input.accountId === null ? null : String(input.accountId)),
    detail: (input) => ({ ip: input.ip, pairFailures: input.pairFailures, accountFailures: input.accountFailures }),
  },
});
