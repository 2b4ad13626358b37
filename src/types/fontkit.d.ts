/** The part of fontkit (a dependency of pdfkit) the contact cards use: text measured and drawn as glyph outlines. */
declare module 'fontkit' {
  export interface Path { toSVG(): string; }
  export interface Glyph { id: number; path: Path; advanceWidth: number; }
  export interface GlyphPosition { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number; }
  export interface GlyphRun { glyphs: Glyph[]; positions: GlyphPosition[]; advanceWidth: number; }
  export interface Font { unitsPerEm: number; ascent: number; descent: number; postscriptName: string; layout(text: string): GlyphRun; }
  export function create(buffer: Buffer, postscriptName?: string): Font;
}
