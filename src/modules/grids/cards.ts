/**
 * Contact cards (网格连心卡): one per basic grid — its number and name, its worker's name, photo and work number (set
 * on the grid-staff row; the platform keeps no private number of staff, and the card reads nothing else), the community's service hotline (regions) and a QR code that opens the resident report page pre-set to the
 * grid (`/m/report?grid=<code>`, absolute: GONGZHI_PUBLIC_URL, else the address the request came to).
 *
 * Here, in the grids module, because a card is a view of a grid and its staff: it reads grids' own tables and the
 * region tree through regions/api.ts, and needs nothing else. Drawing is card-render.ts.
 */
import { Type } from '@sinclair/typebox';
import sharp from 'sharp';
import { visibleOr404 } from '../../core/access/policy.js';
import { cleanImage } from '../../core/files/images.js';
import type { Queryable } from '../../core/db/pool.js';
import { AppError } from '../../core/http/errors.js';
import { route, type Ctx, type RouteDef } from '../../core/http/module.js';
import { fileReply } from '../../core/http/schemas.js';
import { findRegion, RegionCode } from '../regions/api.js';
import { cardPdf, cardPng, cardSheetPdf, type CardData } from './card-render.js';
import { policy } from './policy.js';
import { GridCode } from './schemas.js';
import { gridWorkerScope } from './scope.js';

/** Whose cards the caller may print: their region's grids; a grid worker's, their own grids only (scope.ts). */
const cardScope = (ctx: Ctx<any, any, any>) => gridWorkerScope(ctx.db, ctx.actor, ctx.req.grants);

const CARD_SQL = `
SELECT g.code, g.number, g.name, g.kind, g.path, g.community_code, w.name AS worker_name, w.employment, w.work_phone, w.photo
  FROM grid g
  LEFT JOIN LATERAL (SELECT s.name, s.employment, s.work_phone, s.photo FROM grid_staff s
                      WHERE s.grid_code = g.code AND s.until IS NULL AND s.post = 'worker'
                      ORDER BY s.employment = 'full_time' DESC, s.id LIMIT 1) w ON true`;

/** The address the QR code opens: the report page with the grid filled in. */
export function reportUrl(base: string, code: string): string {
  return `${base}/m/report?grid=${encodeURIComponent(code)}`;
}

function baseUrl(ctx: Ctx<any, any, any>): string {
  return ctx.config.publicUrl ?? `${ctx.req.protocol}://${ctx.req.headers.host ?? 'localhost'}`;
}

async function toCards(db: Queryable, rows: any[], base: string): Promise<CardData[]> {
  const out: CardData[] = [];
  for (const r of rows) {
    const community = await findRegion(db, r.community_code); // cached in process
    const street = community?.parentCode ? await findRegion(db, community.parentCode) : null;
    out.push({
      code: r.code, number: r.number, name: r.name,
      communityName: community?.name ?? '', streetName: street?.name ?? null,
      worker: r.worker_name ? { name: r.worker_name, fullTime: r.employment === 'full_time', workPhone: r.work_phone, photo: r.photo ?? null } : null,
      hotline: community?.hotline ?? street?.hotline ?? null,
      url: reportUrl(base, r.code),
    });
  }
  return out;
}

/** One basic grid's card data, if the caller may see the grid (else 404, as for a grid that does not exist). */
async function gridCard(ctx: Ctx<{ code: string }, any, any>): Promise<CardData> {
  const { rows } = await ctx.db.query(`${CARD_SQL} WHERE g.code = $1`, [ctx.params.code]);
  const row = visibleOr404(await cardScope(ctx), rows[0], 'grid_not_found', { code: ctx.params.code });
  if (row.kind !== 'basic') throw new AppError('grid_card_basic_only', { code: row.code });
  return (await toCards(ctx.db, [row], baseUrl(ctx)))[0];
}

/** An uploaded photo as the card prints it: decoded (else 400), upright, cut to 3:4 around the face's usual place, 300 × 400 JPEG without metadata. */
export async function cardPhoto(upload: Buffer): Promise<Buffer> {
  const clean = await cleanImage(upload);
  if (!clean) throw new AppError('staff_photo_invalid');
  return sharp(clean.data).resize(300, 400, { fit: 'cover', position: 'north' }).flatten({ background: '#ffffff' }).jpeg({ quality: 85, mozjpeg: true }).toBuffer();
}

/** A current staff member's photo, if the caller may see their grid (else 404). */
export async function staffPhoto(db: Queryable, code: string, staffId: number, scope: string[]): Promise<Buffer> {
  const { rows } = await db.query(`SELECT s.photo, g.path FROM grid_staff s JOIN grid g ON g.code = s.grid_code WHERE s.id = $1 AND s.grid_code = $2 AND s.until IS NULL`, [staffId, code]);
  const row = visibleOr404(scope, rows[0], 'grid_not_found', { code });
  if (!row.photo) throw new AppError('staff_photo_not_found');
  return row.photo;
}

const disposition = (file: string) => `inline; filename="${file}"`;

export const cardRoutes: RouteDef[] = [
  route({
    method: 'GET', url: '/api/grids/:code/brief', action: policy.brief,
    summary: 'A basic grid\'s number, name and community, as printed on its contact card: for the report page its QR code opens',
    params: Type.Object({ code: GridCode }),
    response: { 200: Type.Object({ code: Type.String(), number: Type.Integer(), name: Type.String(), communityName: Type.String(), streetName: Type.Union([Type.String(), Type.Null()]) }) },
    async handler(ctx) {
      const { rows } = await ctx.db.query(`SELECT code, number, name, community_code FROM grid WHERE code = $1 AND kind = 'basic'`, [ctx.params.code]);
      if (!rows[0]) throw new AppError('grid_not_found', { code: ctx.params.code });
      const [card] = await toCards(ctx.db, rows, '');
      return { code: card.code, number: card.number, name: card.name, communityName: card.communityName, streetName: card.streetName };
    },
  }),
  ...([
    ['pdf', 'application/pdf', 'as a business-card-size PDF (90 × 54 mm, Chinese font embedded)', cardPdf],
    ['png', 'image/png', 'as a PNG (300 dpi, 1063 × 638 pixels)', cardPng],
  ] as const).map(([ext, type, as, render]) => route({
    method: 'GET', url: `/api/grids/:code/card.${ext}`, action: policy.read,
    summary: `A basic grid's contact card (网格连心卡) ${as}`,
    description: 'Grid number and name, the worker\'s name, photo and work number, the community\'s service hotline, and a QR code that opens the resident report page for this grid (`/m/report?grid=<code>`, absolute from GONGZHI_PUBLIC_URL).',
    params: Type.Object({ code: GridCode }),
    response: { 200: fileReply('the card', type) },
    async handler(ctx) {
      const card = await gridCard(ctx);
      ctx.reply.header('content-type', type).header('content-disposition', disposition(`grid-card-${card.code}.${ext}`));
      return render(card);
    },
  })),
  route({
    method: 'GET', url: '/api/regions/:code/grid-cards.pdf', action: policy.read,
    summary: 'Every basic grid\'s contact card of a community in one PDF for printing: ten to an A4 page, with crop marks',
    params: Type.Object({ code: RegionCode }),
    response: { 200: fileReply('the cards', 'application/pdf') },
    async handler(ctx) {
      const community = visibleOr404(await cardScope(ctx), await findRegion(ctx.db, ctx.params.code), 'region_not_found', { code: ctx.params.code });
      if (community.level !== 'community') throw new AppError('region_not_community', { code: community.code });
      const { rows } = await ctx.db.query(`${CARD_SQL} WHERE g.community_code = $1 AND g.kind = 'basic' ORDER BY g.number`, [community.code]);
      const cards = await toCards(ctx.db, rows, baseUrl(ctx));
      if (!cards.length) throw new AppError('grid_cards_none', { code: community.code, name: community.name });
      ctx.reply.header('content-type', 'application/pdf').header('content-disposition', disposition(`grid-cards-${community.code}.pdf`));
      return cardSheetPdf(`${community.name} 网格连心卡`, cards);
    },
  }),
];
