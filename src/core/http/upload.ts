/**
 * One uploaded file from a multipart request: the first file part (or the part named `field`),
 * read into memory up to `maxBytes`. Other file parts are read and dropped. A request that is
 * not multipart or holds no such file → `missing`; a file over the limit → `tooLarge`.
 */
import type { FastifyRequest } from 'fastify';
import type { AppError } from './errors.js';

export async function readUpload(req: FastifyRequest, opts: { maxBytes: number; field?: string; missing: () => AppError; tooLarge: () => AppError }): Promise<{ buf: Buffer; filename: string | undefined }> {
  if (!req.isMultipart()) throw opts.missing();
  let buf: Buffer | null = null;
  let filename: string | undefined;
  for await (const part of req.parts({ limits: { fileSize: opts.maxBytes + 1, files: 1 } })) {
    if (part.type !== 'file') continue;
    if (buf || (opts.field && part.fieldname !== opts.field)) {
      await part.toBuffer().catch(() => null);
      continue;
    }
    filename = part.filename;
    buf = await part.toBuffer().catch((e) => { throw e?.code === 'FST_REQ_FILE_TOO_LARGE' ? opts.tooLarge() : e; });
  }
  if (!buf) throw opts.missing();
  return { buf, filename };
}
