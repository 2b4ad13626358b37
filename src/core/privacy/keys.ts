/**
 * The secret behind personal-data encryption: GONGZHI_SECRET_KEY (32 bytes as 64 hex chars
 * or base64), or a key file created on first start in the data folder (mode 0600, never in
 * git). Two keys are derived from it: one encrypts (AES-256-GCM), one makes the keyed hashes
 * used for exact-match search (HMAC-SHA-256), so a search index never reveals the cipher key.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface Keys { encKey: Buffer; hashKey: Buffer; keyId: string; }

function parseSecret(s: string): Buffer {
  const t = s.trim();
  const b = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (b.length !== 32) throw new Error('GONGZHI_SECRET_KEY must be 32 bytes: 64 hex characters or base64.');
  return b;
}

export function deriveKeys(master: Buffer): Keys {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  return { encKey: derive('gongzhi personal data encryption v1'), hashKey: derive('gongzhi personal data search v1'), keyId: derive('gongzhi key id').subarray(0, 4).toString('hex') };
}

/** Load (or on first start create) the master secret. */
export function loadKeys(opts: { dataDir: string; env?: NodeJS.ProcessEnv; log?: (m: string) => void }): Keys {
  const env = opts.env ?? process.env;
  if (env.GONGZHI_SECRET_KEY) return deriveKeys(parseSecret(env.GONGZHI_SECRET_KEY));
  const file = path.join(opts.dataDir, 'secret.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
      opts.log?.(`Created the personal-data key ${file} — back it up: without it encrypted ID numbers and phones cannot be read.`);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another process created it first
    }
  }
  return deriveKeys(parseSecret(fs.readFileSync(file, 'utf8')));
}
