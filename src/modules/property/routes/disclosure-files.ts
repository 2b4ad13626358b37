/** Disclosure attachments: uploaded first (checked by content), attached when the disclosure is published, served to whoever may read it. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../../core/http/errors.js';
import { readUpload } from '../../../core/http/upload.js';
import { route, type RouteDef } from '../../../core/http/module.js';
import { deletePending, disclosureFileLimits, disposition, fileDir, fileRow, insertFile, openFile, prepareFile, storeFile, UPLOAD_BODY_LIMIT } from '../disclosure-files.js';
import { disclosureInScope } from '../disclosures.js';
import { policy } from '../policy.js';
import { fileReply, ref } from '../../../core/http/schemas.js';
import { DisclosureFile } from '../schemas.js';

export const disclosureFileRoutes: RouteDef[] = [
    route({
      method: 'POST', url: '/api/disclosure-files', action: policy.publishDisclosure,
      summary: 'Upload a disclosure attachment (multipart field "file": PDF, JPEG, PNG or WebP), to name in POST /api/disclosures',
      description: 'Checked by content, not by name or Content-Type: a PDF by its structure (header, cross-reference, %%EOF; no scripts or embedded files), an image by decoding it ' +
        '(re-encoded upright without EXIF/GPS). Size limit: setting property.disclosureFiles (maxMb, default 10). Stored under the data folder with its SHA-256; ' +
        'it stays the uploader\'s pending upload until a disclosure is published with it (removed after a day otherwise).',
      bodyLimit: UPLOAD_BODY_LIMIT,
      response: { 201: ref(DisclosureFile) },
      async handler(ctx) {
        const { maxMb } = await disclosureFileLimits(ctx.db);
        const max = maxMb * 1024 * 1024;
        const { buf, filename: name } = await readUpload(ctx.req, {
          maxBytes: max, field: 'file', missing: () => new AppError('disclosure_file_missing'), tooLarge: () => new AppError('disclosure_file_too_large', { mb: maxMb }),
        });
        const prepared = await prepareFile(buf, max);
        const accountId = ctx.me.accountId;
        const stored = await storeFile(ctx.config.dataDir, prepared, name, (f) => ctx.command(
          { action: 'property.disclosure_file.upload', targetType: 'disclosure_file', targetId: f.id, detail: { name: f.name, mime: f.mime, size: f.size, sha256: f.sha256 } },
          (tx) => insertFile(tx, f, accountId)));
        ctx.reply.status(201);
        return stored;
      },
    }),
    route({
      method: 'GET', url: '/api/disclosure-files/:id', action: policy.readDisclosures,
      summary: 'A disclosure attachment: to whoever may read its disclosure (residents: the published disclosures of the compounds they see), or its uploader while pending; 404 to anyone else',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      response: { 200: fileReply('the attachment (its name in content-disposition)', 'application/pdf', 'image/jpeg', 'image/png', 'image/webp') },
      async handler(ctx) {
        const f = await fileRow(ctx.db, ctx.params.id);
        if (!f) throw new AppError('disclosure_file_not_found', { id: ctx.params.id });
        if (f.disclosure_id === null) {
          if (Number(f.uploaded_by) !== ctx.me.accountId) throw new AppError('disclosure_file_not_found', { id: ctx.params.id });
        } else {
          try { await disclosureInScope(ctx.db, Number(f.disclosure_id), ctx.scope); } catch { throw new AppError('disclosure_file_not_found', { id: ctx.params.id }); }
        }
        const file = path.resolve(fileDir(ctx.config.dataDir), f.file);
        try { await fs.access(file); } catch { throw new AppError('disclosure_file_not_found', { id: ctx.params.id }); }
        ctx.reply.header('content-type', f.mime).header('content-length', String(f.size)).header('content-disposition', disposition(f.name))
          .header('x-content-type-options', 'nosniff').header('etag', `"${f.sha256}"`).header('cache-control', 'private, max-age=3600');
        return openFile(ctx.config.dataDir, f.file);
      },
    }),
    route({
      method: 'DELETE', url: '/api/disclosure-files/:id', action: policy.publishDisclosure,
      summary: 'Remove one of the caller\'s pending uploads (a published attachment stays: 409)',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      response: { 204: Type.Null({ description: 'removed' }) },
      async handler(ctx) {
        const rel = await ctx.command({ action: 'property.disclosure_file.delete', targetType: 'disclosure_file', targetId: ctx.params.id },
          (tx) => deletePending(tx, ctx.params.id, ctx.me.accountId));
        await fs.rm(path.join(fileDir(ctx.config.dataDir), rel), { force: true }).catch(() => {});
        ctx.reply.status(204);
        return null;
      },
    }),
];
