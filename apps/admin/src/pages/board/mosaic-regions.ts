// The mosaic tool's geometry, apart from React: where a pointer is on the photo, the rectangle a drag
// draws, and the regions sent to board.mosaicPhoto, as fractions (0–1) of the photo's own width and
// height, so the rectangle drawn on a photo scaled to fit is the one the server pixelates at full size.

/** A rectangle as fractions of the photo (what board.mosaicPhoto takes). */
export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A point as fractions of the photo; may lie outside 0–1 while the pointer is off the photo. */
export interface Point {
  x: number;
  y: number;
}

/** Where an element is on screen (a DOMRect's fields). */
export interface ScreenRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A rectangle narrower or lower than 1% of the photo is a slip of the mouse (a click), not a region. */
export const MIN_REGION = 0.01;
/** As many as board.mosaicPhoto takes in one call (mosaicInput in the domain). */
export const MAX_REGIONS = 20;

const clamp01 = (n: number) => (Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0);

/**
 * Where the picture itself is inside its element: the whole element when it keeps the photo's shape,
 * else the centred box of `object-fit: contain` (bars above and below, or at the sides).
 */
export function pictureBox(element: ScreenRect, natural: { width: number; height: number }): ScreenRect {
  if (natural.width <= 0 || natural.height <= 0 || element.width <= 0 || element.height <= 0) return element;
  const scale = Math.min(element.width / natural.width, element.height / natural.height);
  const width = natural.width * scale;
  const height = natural.height * scale;
  return {
    left: element.left + (element.width - width) / 2,
    top: element.top + (element.height - height) / 2,
    width,
    height,
  };
}

/** A pointer's screen position as fractions of the picture (not clamped: the drag may leave it). */
export function pointOn(picture: ScreenRect, clientX: number, clientY: number): Point {
  if (picture.width <= 0 || picture.height <= 0) return { x: 0, y: 0 };
  return { x: (clientX - picture.left) / picture.width, y: (clientY - picture.top) / picture.height };
}

/** The rectangle between where a drag began and where it is, whichever way it went, kept on the photo. */
export function regionBetween(from: Point, to: Point): Region {
  const x1 = clamp01(Math.min(from.x, to.x));
  const y1 = clamp01(Math.min(from.y, to.y));
  const x2 = clamp01(Math.max(from.x, to.x));
  const y2 = clamp01(Math.max(from.y, to.y));
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
}

export function isTooSmall(r: Region): boolean {
  return r.width < MIN_REGION || r.height < MIN_REGION;
}

/** Four decimals: a tenth of a pixel on a 1,000-pixel photo, and a short request. */
const round = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * What is sent to the server: each region clamped to the photo (x + width ≤ 1), rounded, the tiny ones
 * left out, at most MAX_REGIONS.
 */
export function regionsToSave(regions: readonly Region[]): Region[] {
  const out: Region[] = [];
  for (const r of regions) {
    const x = round(clamp01(r.x));
    const y = round(clamp01(r.y));
    const clamped = {
      x,
      y,
      width: round(Math.min(clamp01(r.width), 1 - x)),
      height: round(Math.min(clamp01(r.height), 1 - y)),
    };
    if (!isTooSmall(clamped)) out.push(clamped);
  }
  return out.slice(0, MAX_REGIONS);
}

/** A region as CSS percentages over the picture, to draw its box. */
export function regionStyle(r: Region): { left: string; top: string; width: string; height: string } {
  const pct = (n: number) => `${(n * 100).toFixed(3)}%`;
  return { left: pct(r.x), top: pct(r.y), width: pct(r.width), height: pct(r.height) };
}
