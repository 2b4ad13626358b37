import { Type } from '@sinclair/typebox';
import { ROLE_NAMES } from '../../core/access/roles.js';
import { dummyHash, verifyPassword } from '../../core/auth/passwords.js';
import { createSession, deleteSession, loadAssignments, SESSION_COOKIE, ABSOLUTE_DAYS } from '../../core/auth/sessions.js';
import { admitAttempt, attemptSucceeded } from '../../core/auth/throttle.js';
import { defineCommand, runCommand, systemActor } from '../../core/command.js';
import { AppError, defineErrors } from '../../core/http/errors.js';
import { route, type Module } from '../../core/http/module.js';
import { named, ref } from '../../core/http/schemas.js';
import type { RoleAssignment } from '../../core/access/policy.js';
import { abilitiesOf, appActions } from './abilities.js';
import { accountCount, createAccount, type NewAccount } from './accounts.js';
import { demoAccounts } from './demo.js';
import { loginFailed } from './login-failed.js';
import { migrations } from './migrations.js';
import { policy } from './policy.js';

defineErrors({
  invalid_credentials: { status: 401, zh: '用户名或密码错误。', en: 'Wrong username or password.' },
  too_many_login_attempts: { status: 429, zh: '登录失败次数过多，请 {seconds} 秒后再试。', en: 'Too many failed sign-ins; try again in {seconds} seconds.' },
});

export { loginFailureNotice } from './login-failed.js';

/** The demo's accounts, created in one go (demo only). */
const createDemoAccounts = defineCommand<NewAccount[], void>({
  name: 'demo.accounts',
  async run(tx, _actor, accounts) { for (const a of accounts) await createAccount(tx, a); },
  audit: { targetType: 'account', detail: (accounts) => ({ usernames: accounts.map((a) => a.username) }) },
});

const UserOut = named('User', Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.Object({ role: Type.String(), roleName: Type.String(), regionCode: Type.Union([Type.String(), Type.Null()]), regionName: Type.String() })),
}));
const SessionOut = named('Session', Type.Object({ user: ref(UserOut), csrfToken: Type.String() }));
const MeOut = named('Me', Type.Object({
  user: ref(UserOut), csrfToken: Type.String(),
  abilities: Type.Record(Type.String(), Type.Boolean()),
  scopes: Type.Record(Type.String(), Type.Array(Type.Union([Type.String(), Type.Null()]))),
}));

function userOut(id: number, username: string, displayName: string, assignments: RoleAssignment[], lang: string) {
  return {
    id, username, displayName,
    roles: assignments.map((a) => ({ role: a.role, roleName: ROLE_NAMES[a.role][lang === 'en' ? 'en' : 'zh'], regionCode: a.regionCode, regionName: a.regionName })),
  };
}

export const accountsModule: Module = {
  name: 'auth',
  title: '账号与登录 Accounts, sessions and roles',
  migrations,
  policy,
  routes: [
    route({
      method: 'POST', url: '/api/auth/login', action: policy.login,
      summary: 'Sign in with username and password; sets the session cookie',
      body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }),
      response: { 200: ref(SessionOut) },
      async handler({ body, db, req, reply, lang, command }) {
        const username = body.username.trim().toLowerCase();
        const ip = req.ip;
        // the attempt is counted (rows locked, provisionally a failure) before the password is checked
        const admission = await admitAttempt(db, username, ip);
        if (!admission.admitted) {
          reply.header('retry-after', String(admission.retryAfter));
          throw new AppError('too_many_login_attempts', { seconds: admission.retryAfter });
        }
        const { rows } = await db.query('SELECT id, username, display_name, password_hash FROM account WHERE username = $1 AND active', [username]);
        const account = rows[0];
        const ok = account ? await verifyPassword(account.password_hash, body.password) : (await verifyPassword(await dummyHash(), body.password), false);
        if (!ok) {
          // the failure is recorded, and its owner told once per burst, through the command path
          await runCommand(db, { accountId: account?.id ?? null, username, role: null, scopeCode: null, requestId: req.id }, loginFailed,
            { accountId: account ? Number(account.id) : null, username, ip, pairFailures: admission.pairFailures, accountFailures: admission.accountFailures });
          throw new AppError('invalid_credentials');
        }
        const assignments = await loadAssignments(db, account.id);
        const session = await command(
          { action: 'auth.login', targetType: 'account', targetId: String(account.id), detail: { ip }, actor: { actorId: account.id, actorUsername: account.username, role: assignments[0]?.role ?? null, scopeCode: assignments[0]?.regionCode ?? null } },
          async (tx) => {
            await attemptSucceeded(tx, username, ip);
            await tx.query('DELETE FROM session WHERE account_id = $1 AND (expires_at < now() OR idle_expires_at < now())', [account.id]);
            return createSession(tx, account.id, { ip, userAgent: String(req.headers['user-agent'] ?? '') });
          },
        );
        reply.setCookie(SESSION_COOKIE, session.token, {
          path: '/', httpOnly: true, sameSite: 'lax', secure: isSecure(req), maxAge: ABSOLUTE_DAYS * 86400,
        });
        return { user: userOut(account.id, account.username, account.display_name, assignments, lang), csrfToken: session.csrfToken };
      },
    }),
    route({
      method: 'GET', url: '/api/auth/me', action: policy.me,
      summary: 'The signed-in account, its roles, what it may do and the CSRF token for writes',
      description: '`abilities` maps every policy action of every module (`<module>.<action>`, e.g. `cases.metrics`) to whether '
        + 'the policy lets this account do it somewhere in its scope. The web shows menus, pages and buttons from it, never from role names. '
        + 'Whether an action applies to one record (a case, a resident) is that record\'s answer (e.g. a case\'s offered actions). '
        + '`scopes` gives, for each allowed action that names roles, the region codes of the assignments that grant it (null: the whole country), '
        + 'e.g. the community a grid worker\'s `grids.mine` covers.',
      response: { 200: ref(MeOut) },
      async handler({ me, lang }) {
        const { abilities, scopes } = abilitiesOf(me, await appActions());
        return { user: userOut(me.accountId, me.username, me.displayName, me.assignments, lang), csrfToken: me.csrfToken, abilities, scopes };
      },
    }),
    route({
      method: 'POST', url: '/api/auth/logout', action: policy.logout,
      summary: 'End the session',
      response: { 200: Type.Object({ ok: Type.Boolean() }) },
      async handler({ me, reply, command }) {
        await command({ action: 'auth.logout', targetType: 'account', targetId: String(me.accountId) }, (tx) => deleteSession(tx, me.sessionId));
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true };
      },
    }),
  ],
  async demo({ db, config, log }) {
    if ((await accountCount(db)) > 0) return;
    const accounts = demoAccounts(config.demoPassword);
    await runCommand(db, systemActor(), createDemoAccounts, accounts);
    log(`accounts: ${accounts.map((a) => a.username).join(', ')}`);
  },
};

function isSecure(req: { protocol: string }): boolean {
  return req.protocol === 'https' || process.env.GONGZHI_COOKIE_SECURE === '1';
}
