/** Case photos: uploaded first (checked by content, EXIF removed), attached by the report. */
import { Type } from '@sinclair/typebox';
import { readUpload } from '../../../core/http/upload.js';
import { AppError } from '../../../core/http/errors.js';
import { route, type RouteDef } from '../../../core/http/module.js';
import { loadCase } from '../actions.js';
import { photoLimit } from '../deadlines.js';
import { readPhoto, storePhoto } from '../photos.js';
import { policy } from '../policy.js';
import { fileReply, ref } from '../../../core/http/schemas.js';
import { UploadedPhoto } from './shared.js';

export const photosRoutes: RouteDef[] = [
  route({
    method: 'POST', url: '/api/case-photos', action: policy.uploadPhoto,
    summary: 'Upload a photo (multipart field "file": JPEG, PNG or WebP). Checked by content, EXIF and GPS stripped, stored in a folder.',
    bodyLimit: 26 * 1024 * 1024,
    response: { 201: ref(UploadedPhoto) },
    async handler(ctx) {
      const max = (await photoLimit(ctx.db)) * 1024 * 1024;
      const { buf } = await readUpload(ctx.req, { maxBytes: max, missing: () => new AppError('photo_invalid'), tooLarge: () => new AppError('photo_too_large', { mb: max / 1024 / 1024 }) });
      const photo = await ctx.command({ action: 'cases.photo.upload', targetType: 'case_photo', targetId: (p: any) => p.id }, (tx) => storePhoto(tx, ctx.config.dataDir, buf, max, { accountId: ctx.me.accountId }));
      ctx.reply.status(201);
      return photo;
    },
  }),
  route({
    method: 'GET', url: '/api/case-photos/:id', action: policy.readPhoto,
    summary: 'A case photo (to those who may see its case, or its uploader before it is attached)',
    params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
    response: { 200: fileReply('the photo', 'image/jpeg', 'image/png', 'image/webp') },
    async handler(ctx) {
      const { rows } = await ctx.db.query(`SELECT case_id, uploaded_by, file, mime FROM case_photo WHERE id = $1`, [ctx.params.id]);
      const p = rows[0];
      if (!p) throw new AppError('photo_not_found', { id: ctx.params.id });
      if (p.case_id === null) {
        if (Number(p.uploaded_by) !== ctx.me.accountId) throw new AppError('photo_not_found', { id: ctx.params.id });
      } else {
        try { await loadCase(ctx.db, ctx.me, Number(p.case_id), false); } catch { throw new AppError('photo_not_found', { id: ctx.params.id }); }
      }
      ctx.reply.header('content-type', p.mime).header('cache-control', 'private, max-age=86400');
      return readPhoto(ctx.config.dataDir, p.file);
    },
  }),
];
