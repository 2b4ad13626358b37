/** Field encryption (AES-256-GCM, random IV) and keyed hashes for exact-match search. */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Keys } from './keys.js';

const VERSION = 'v1';

export function encrypt(keys: Keys, plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', keys.encKey, iv);
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return [VERSION, keys.keyId, iv.toString('base64url'), body.toString('base64url'), c.getAuthTag().toString('base64url')].join('.');
}

export function decrypt(keys: Keys, sealed: string): string {
  const [v, , iv, body, tag] = sealed.split('.');
  if (v !== VERSION) throw new Error('Unknown ciphertext version');
  const d = createDecipheriv('aes-256-gcm', keys.encKey, Buffer.from(iv, 'base64url'));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
}

/** Same input, same hash, under this installation's key only: lets SQL find an exact ID number or phone. */
export function blindIndex(keys: Keys, kind: 'id' | 'phone', value: string): string {
  return createHmac('sha256', keys.hashKey).update(kind).update('\0').update(value).digest('base64url');
}
