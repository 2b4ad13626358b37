/**
 * Contact cards (issue #14): a community of BENCH_CARD_GRIDS (60) basic grids printed on one PDF (ten cards to an A4
 * page, the font embedded as one subset, each worker's 300 × 400 photo) — seconds and bytes, the first in the process (the font read and parsed)
 * and the median of five after; one card's PDF and PNG likewise. Rendering only: the cards' rows are one small
 * indexed query beside it. No database, no server.
 */
import sharp from 'sharp';
import { cardPdf, cardPng, cardSheetPdf, type CardData } from '../src/modules/grids/card-render.js';
import { reportUrl } from '../src/modules/grids/cards.js';

type Line = (name: string, value: string) => void;

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华';

/** A 300 × 400 portrait-like JPEG, different for each grid (as the uploads are cut: cards.ts cardPhoto). */
function portrait(i: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="400"><rect width="300" height="400" fill="hsl(${(i * 37) % 360},40%,85%)"/>` +
    `<circle cx="150" cy="150" r="80" fill="hsl(${(i * 53) % 360},30%,55%)"/><rect x="40" y="250" width="220" height="170" rx="70" fill="#345"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85, mozjpeg: true }).toBuffer();
}

async function community(n: number): Promise<CardData[]> {
  const photos = await Promise.all(Array.from({ length: n }, (_, i) => portrait(i)));
  return Array.from({ length: n }, (_, i) => {
    const code = `150102005002${String(i + 1).padStart(3, '0')}`;
    return {
      code, number: i + 1, name: `曙光社区第${i + 1}网格`, communityName: '曙光社区', streetName: '西街街道',
      worker: { name: SURNAMES[i % SURNAMES.length] + GIVEN[(i * 7) % GIVEN.length] + GIVEN[(i * 3 + 1) % GIVEN.length], fullTime: true, photo: photos[i], workPhone: `0471-69${String(10000 + i * 37).slice(-5)}` },
      hotline: '0471-6912345',
      url: reportUrl('https://gz.example.gov.cn', code),
    };
  });
}

async function timed<T>(f: () => Promise<T>): Promise<{ s: number; out: T }> {
  const t0 = performance.now();
  const out = await f();
  return { s: (performance.now() - t0) / 1000, out };
}

async function firstAndMedian(f: () => Promise<Buffer>): Promise<{ first: number; median: number; bytes: number }> {
  const first = await timed(f);
  const rest: number[] = [];
  for (let i = 0; i < 5; i++) rest.push((await timed(f)).s);
  rest.sort((a, b) => a - b);
  return { first: first.s, median: rest[2], bytes: first.out.length };
}

export async function benchCards(line: Line): Promise<void> {
  const n = Number(process.env.BENCH_CARD_GRIDS ?? 60);
  const cards = await community(n);
  const sheet = await firstAndMedian(() => cardSheetPdf('曙光社区 网格连心卡', cards));
  line(`contact cards: ${n} grids on A4 sheets, first in process (s)`, sheet.first.toFixed(3));
  line(`contact cards: ${n} grids on A4 sheets, median of 5 (s)`, sheet.median.toFixed(3));
  line(`contact cards: ${n} grids on A4 sheets (KB)`, (sheet.bytes / 1024).toFixed(1));
  const pdf = await firstAndMedian(() => cardPdf(cards[0]));
  line('contact card: one PDF, median of 5 (s) / KB', `${pdf.median.toFixed(3)} / ${(pdf.bytes / 1024).toFixed(1)}`);
  const png = await firstAndMedian(() => cardPng(cards[0]));
  line('contact card: one PNG 300 dpi, median of 5 (s) / KB', `${png.median.toFixed(3)} / ${(png.bytes / 1024).toFixed(1)}`);
}
