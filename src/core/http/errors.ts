/**
 * Errors are values with stable codes. Each code has an HTTP status and a message in
 * zh-CN and en; modules add their own with defineErrors(). The edge turns an AppError
 * into the one error shape: { error: { code, message, details } }.
 */
export type Lang = 'zh-CN' | 'en';

export interface ErrorDef { status: number; zh: string; en: string; }

const catalog = new Map<string, ErrorDef>();

export function defineErrors(defs: Record<string, ErrorDef>): void {
  for (const [code, def] of Object.entries(defs)) {
    if (!/^[a-z][a-z0-9_]*$/.test(code)) throw new Error(`error code must be snake_case: ${code}`);
    catalog.set(code, def);
  }
}

export function errorDef(code: string): ErrorDef | undefined {
  return catalog.get(code);
}

export function allErrorCodes(): string[] {
  return [...catalog.keys()];
}

export class AppError extends Error {
  constructor(
    public code: string,
    public params: Record<string, string | number> = {},
    public details: unknown[] = [],
  ) {
    super(code);
  }
  get status(): number {
    return catalog.get(this.code)?.status ?? 500;
  }
}

export function messageFor(code: string, lang: Lang, params: Record<string, string | number> = {}): string {
  const def = catalog.get(code);
  const template = def ? (lang === 'en' ? def.en : def.zh) : code;
  return template.replace(/\{(\w+)\}/g, (_, k) => (k in params ? String(params[k]) : `{${k}}`));
}

/** Accept-Language → zh-CN (default) or en. */
export function pickLang(header: string | undefined): Lang {
  if (!header) return 'zh-CN';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

defineErrors({
  validation_failed: { status: 400, zh: '请求参数不合法，请检查标出的字段。', en: 'The request is invalid; check the listed fields.' },
  invalid_json: { status: 400, zh: '请求体不是合法的 JSON。', en: 'The request body is not valid JSON.' },
  unsupported_media_type: { status: 415, zh: '请求体须为 JSON（Content-Type: application/json）。', en: 'The request body must be JSON (Content-Type: application/json).' },
  payload_too_large: { status: 413, zh: '上传内容过大。', en: 'The upload is too large.' },
  upload_too_many_parts: { status: 400, zh: '一次只能上传一个文件。', en: 'Upload one file at a time.' },
  route_not_found: { status: 404, zh: '接口不存在：{method} {url}', en: 'No such endpoint: {method} {url}' },
  unauthenticated: { status: 401, zh: '请先登录。', en: 'Please sign in first.' },
  forbidden: { status: 403, zh: '您的角色无权执行此操作。', en: 'Your role may not do this.' },
  out_of_scope: { status: 403, zh: '该数据不在您的管辖范围内。', en: 'This is outside the area you are responsible for.' },
  csrf_failed: { status: 403, zh: '安全校验失败（CSRF），请刷新页面后重试。', en: 'Security check failed (CSRF); reload the page and try again.' },
  rate_limited: { status: 429, zh: '请求过于频繁，请 {seconds} 秒后再试。', en: 'Too many requests; try again in {seconds} seconds.' },
  conflict: { status: 409, zh: '数据已被他人修改，请刷新后重试。', en: 'Someone else changed this; reload and try again.' },
  internal_error: { status: 500, zh: '服务器内部错误，请稍后再试（请求号 {requestId}）。', en: 'Internal server error; please try again later (request {requestId}).' },
});
