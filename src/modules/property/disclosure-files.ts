/**
 * Disclosure attachments (公示附件): contracts, scanned statements (收支明细表), photos. A file is
 * uploaded first (checked by its content — a PDF by its structure, an image by decoding it and
 * re-encoding it without EXIF, as case photos are — never by name or Content-Type), kept under
 * the data folder (uploads/disclosures/YYYY/MM) with its SHA-256, and held as the uploader's
 * pending upload until a disclosure is published with it: the publish call names the uploads it
 * attaches and either attaches them all with the disclosure, in one transaction, or nothing is
 * written. A published disclosure's files never change afterwards. Pending uploads nobody
 * published are removed by the sweep after a day.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { Type } from '@sinclair/typebox';
import { defineCommand, runCommand, systemActor } from '../../core/command.js';
import type { Db, Queryable } from '../../core/db/pool.js';
import { cleanImage } from '../../core/files/images.js';
import { AppError } from '../../core/http/errors.js';
import { defineSetting } from '../settings/index.js';

export interface FileLimits { maxMb: number; maxFiles: number; }
export const disclosureFileLimits = defineSetting<FileLimits>({
  key: 'property.disclosureFiles',
  description: '公示附件：单个文件大小上限（MB）和每条公示最多附件数 Disclosure attachments: largest file (MB) and most files per disclosure',
  schema: Type.Object({ maxMb: Type.Integer({ minimum: 1, maximum: 20 }), maxFiles: Type.Integer({ minimum: 1, maximum: 30 }) }, { additionalProperties: false }),
  default: { maxMb: 10, maxFiles: 10 },
});
/** The request body limit of the upload route: the setting's ceiling plus multipart overhead. */
export const UPLOAD_BODY_LIMIT = 21 * 1024 * 1024;
/** Pending uploads older than this are removed by the sweep. */
export const PENDING_HOURS = 24;

export const fileDir = (dataDir: string) => path.join(dataDir, 'uploads', 'disclosures');

// ---------------------------------------------------------------- content checks (pure)

export type PdfProblem = 'not_pdf' | 'truncated' | 'active_content';

/**
 * A PDF by its structure: the `%PDF-1.x`/`%PDF-2.0` header at the start, and at the end a
 * `startxref` offset that lies inside the file and points at a cross-reference table or stream,
 * followed by `%%EOF`. Refused when it plainly carries JavaScript, launch actions or embedded
 * files (what a resident opens must not run anything).
 */
export function pdfProblem(buf: Buffer): PdfProblem | null {
  if (!/^%PDF-(1\.[0-7]|2\.0)\s/.test(buf.subarray(0, 9).toString('latin1'))) return 'not_pdf';
  const tail = buf.subarray(Math.max(0, buf.length - 2048)).toString('latin1');
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!m) return 'truncated';
  const at = Number(m[1]);
  if (!(at > 0 && at < buf.length)) return 'truncated';
  const xref = buf.subarray(at, at + 32).toString('latin1');
  if (!/^(xref\b|\d+\s+\d+\s+obj\b)/.test(xref)) return 'truncated';
  // names long enough not to occur by chance inside compressed image data (a bare /JS always comes with /S /JavaScript)
  if (/\/(JavaScript|Launch|EmbeddedFiles?|RichMedia)\b/.test(buf.toString('latin1'))) return 'active_content';
  return null;
}

/** A file name people read: no folders, no control characters, at most 100 characters, with the extension its content has. */
export function displayName(given: string | undefined, ext: string): string {
  const base = (given ?? '').normalize('NFC').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '').trim();
  const stem = base.replace(/\.[A-Za-z0-9]{1,5}$/, '').trim().slice(0, 100 - ext.length - 1) || '附件';
  return `${stem}.${ext}`;
}

// ---------------------------------------------------------------- storing

export interface Prepared { data: Buffer; mime: string; ext: string; width: number | null; height: number | null; sha256: string; }

/** What the bytes are, decided by content; images come back re-encoded without metadata. */
export async function prepareFile(input: Buffer, maxBytes: number): Promise<Prepared> {
  if (input.length > maxBytes) throw new AppError('disclosure_file_too_large', { mb: Math.round(maxBytes / 1024 / 1024) });
  if (input.length === 0) throw new AppError('disclosure_file_invalid');
  let out: Omit<Prepared, 'sha256'>;
  if (input.subarray(0, 5).toString('latin1') === '%PDF-') {
    const p = pdfProblem(input);
    if (p === 'active_content') throw new AppError('disclosure_file_active_content');
    if (p) throw new AppError('disclosure_file_invalid');
    out = { data: input, mime: 'application/pdf', ext: 'pdf', width: null, height: null };
  } else {
    const img = await cleanImage(input);
    if (!img) throw new AppError('disclosure_file_invalid');
    out = { data: img.data, mime: img.mime, ext: img.ext, width: img.width, height: img.height };
  }
  return { ...out, sha256: createHash('sha256').update(out.data).digest('hex') };
}

export interface StoredFile { id: string; name: string; mime: string; size: number; sha256: string; width: number | null; height: number | null; }

/**
 * Write the file, then run `record` (the command that inserts its row and audit record); if that
 * fails the file is removed, so a failed upload leaves neither a row nor a file.
 */
export async function storeFile(dataDir: string, p: Prepared, givenName: string | undefined, record: (f: StoredFile & { file: string }) => Promise<unknown>): Promise<StoredFile> {
  const id = randomUUID();
  const now = new Date();
  const rel = path.join(String(now.getUTCFullYear()), String(now.getUTCMonth() + 1).padStart(2, '0'), `${id}.${p.ext}`);
  const file = path.join(fileDir(dataDir), rel);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, p.data, { mode: 0o640 });
  const stored: StoredFile = { id, name: displayName(givenName, p.ext), mime: p.mime, size: p.data.length, sha256: p.sha256, width: p.width, height: p.height };
  try {
    await record({ ...stored, file: rel });
  } catch (e) {
    await fs.rm(file, { force: true });
    throw e;
  }
  return stored;
}

export async function insertFile(tx: Queryable, f: StoredFile & { file: string }, accountId: number | null): Promise<void> {
  await tx.query(
    `INSERT INTO disclosure_file (id, uploaded_by, name, file, mime, size, sha256, width, height) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
    [f.id, accountId, f.name, f.file, f.mime, f.size, f.sha256, f.width, f.height]);
}

/**
 * Attach the caller's own pending uploads to a disclosure being published, in its transaction,
 * in the order given. Someone else's upload does not exist for the caller (404); an upload already
 * attached to a disclosure cannot be attached again (409).
 */
export async function attachFiles(tx: pg.PoolClient, disclosureId: number, ids: string[] | undefined, accountId: number | null, limits: FileLimits): Promise<number> {
  if (!ids?.length) return 0;
  if (ids.length > limits.maxFiles) throw new AppError('disclosure_files_too_many', { max: limits.maxFiles, n: ids.length });
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new AppError('disclosure_file_twice', { id: dup }, [{ field: `attachments[${ids.lastIndexOf(dup)}]`, message: 'listed twice', rule: 'unique' }]);
  const { rows } = await tx.query(`SELECT id, disclosure_id, uploaded_by FROM disclosure_file WHERE id = ANY($1::uuid[]) FOR UPDATE`, [ids]);
  const byId = new Map(rows.map((r) => [r.id as string, r]));
  for (const [i, id] of ids.entries()) {
    const r = byId.get(id);
    if (!r || accountId === null || Number(r.uploaded_by) !== accountId) throw new AppError('disclosure_file_not_found', { id }, [{ field: `attachments[${i}]`, message: 'no such upload of yours', rule: 'exists' }]);
    if (r.disclosure_id !== null) throw new AppError('disclosure_file_attached', { id }, [{ field: `attachments[${i}]`, message: 'already attached to a disclosure', rule: 'pending' }]);
  }
  const r = await tx.query(
    `UPDATE disclosure_file f SET disclosure_id = $1, position = x.n FROM unnest($2::uuid[]) WITH ORDINALITY AS x(id, n) WHERE f.id = x.id AND f.disclosure_id IS NULL`,
    [disclosureId, ids]);
  if (r.rowCount !== ids.length) throw new AppError('disclosure_file_attached', { id: ids[0] });
  return ids.length;
}

export interface FileRow { id: string; disclosure_id: string | null; uploaded_by: string | null; name: string; file: string; mime: string; size: number; sha256: string; }

export async function fileRow(db: Queryable, id: string): Promise<FileRow | undefined> {
  const { rows } = await db.query(`SELECT id, disclosure_id, uploaded_by, name, file, mime, size, sha256 FROM disclosure_file WHERE id = $1`, [id]);
  return rows[0];
}

/** The stored file as a stream (the path is checked to stay inside the folder). */
export function openFile(dataDir: string, rel: string) {
  const base = fileDir(dataDir);
  const file = path.resolve(base, rel);
  if (!file.startsWith(base + path.sep)) throw new AppError('disclosure_file_not_found', { id: rel });
  return createReadStream(file);
}

/** RFC 6266 Content-Disposition for a name in any script. */
export function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Remove a pending upload of the caller's (the row in the transaction; the file once it commits). */
export async function deletePending(tx: Queryable, id: string, accountId: number | null): Promise<string> {
  const { rows } = await tx.query(`SELECT disclosure_id, uploaded_by, file FROM disclosure_file WHERE id = $1 FOR UPDATE`, [id]);
  const r = rows[0];
  if (!r || accountId === null || Number(r.uploaded_by) !== accountId) throw new AppError('disclosure_file_not_found', { id });
  if (r.disclosure_id !== null) throw new AppError('disclosure_file_attached', { id });
  await tx.query(`DELETE FROM disclosure_file WHERE id = $1`, [id]);
  return r.file as string;
}

/** Pending uploads older than {@link PENDING_HOURS}: rows deleted (SKIP LOCKED), recorded (as `job:property.disclosures`) when any. */
export const sweepPendingFilesCommand = defineCommand<{ asOf: Date }, { ids: string[]; files: string[] }>({
  name: 'property.disclosure.pending_files_sweep',
  async run(tx, _actor, { asOf }) {
    const { rows } = await tx.query(
      `DELETE FROM disclosure_file WHERE id IN (
         SELECT id FROM disclosure_file WHERE disclosure_id IS NULL AND uploaded_at < $1::timestamptz - make_interval(hours => $2) LIMIT 500 FOR UPDATE SKIP LOCKED)
       RETURNING id, file`, [asOf, PENDING_HOURS]);
    return { ids: rows.map((r) => String(r.id)), files: rows.map((r) => r.file as string) };
  },
  audit: { targetType: 'disclosure_file', when: (_input, r) => r.ids.length > 0, detail: (_input, r) => ({ deleted: r.ids }) },
});

/** The sweep: the rows through the command, then their files. */
export async function sweepPendingFiles(db: Db, dataDir: string, asOf = new Date()): Promise<number> {
  const { files } = await runCommand(db, systemActor('job:property.disclosures'), sweepPendingFilesCommand, { asOf });
  for (const rel of files) await fs.rm(path.join(fileDir(dataDir), rel), { force: true }).catch(() => {});
  return files.length;
}
