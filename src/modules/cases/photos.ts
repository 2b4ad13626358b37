/**
 * Case photos: checked by content (decoded, not trusted by name or header), turned upright,
 * stripped of EXIF (GPS position, camera serials) by re-encoding (core/files/images.ts), and stored as files in a
 * folder outside the database (data/uploads/cases/YYYY/MM by default).
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Queryable } from '../../core/db/pool.js';
import { AppError } from '../../core/http/errors.js';
import { cleanImage } from '../../core/files/images.js';

export const photoDir = (dataDir: string) => path.join(dataDir, 'uploads', 'cases');

export interface StoredPhoto { id: string; width: number; height: number; size: number; mime: string; }

/** Decode, re-encode without metadata, write the file, then record it (the caller's transaction). */
export async function storePhoto(db: Queryable, dataDir: string, input: Buffer, maxBytes: number, by: { accountId: number | null; integrationId?: number | null }): Promise<StoredPhoto> {
  if (input.length > maxBytes) throw new AppError('photo_too_large', { mb: Math.round(maxBytes / 1024 / 1024) });
  const img = await cleanImage(input);
  if (!img) throw new AppError('photo_invalid');
  const out = { data: img.data, info: { width: img.width, height: img.height } };
  const fmt = { mime: img.mime, ext: img.ext };
  const id = randomUUID();
  const now = new Date();
  const rel = path.join(String(now.getUTCFullYear()), String(now.getUTCMonth() + 1).padStart(2, '0'), `${id}.${fmt.ext}`);
  const file = path.join(photoDir(dataDir), rel);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, out.data, { mode: 0o640 });
  try {
    await db.query(
      `INSERT INTO case_photo (id, uploaded_by, integration_id, file, mime, size, width, height, sha256) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [id, by.accountId, by.integrationId ?? null, rel, fmt.mime, out.data.length, out.info.width, out.info.height, createHash('sha256').update(out.data).digest('hex')]);
  } catch (e) {
    await fs.rm(file, { force: true });
    throw e;
  }
  return { id, width: out.info.width, height: out.info.height, size: out.data.length, mime: fmt.mime };
}

export async function readPhoto(dataDir: string, rel: string): Promise<Buffer> {
  const base = photoDir(dataDir);
  const file = path.resolve(base, rel);
  if (!file.startsWith(base + path.sep)) throw new AppError('photo_not_found', { id: rel });
  return fs.readFile(file);
}
