/**
 * Pictures for the scenarios: SVG rendered once with sharp into raw RGBA, and the byte-level
 * copies that derive every frame from those renders (a frame costs a few memcpys, not a render).
 */
import sharp from 'sharp';

export interface Raster {
  data: Buffer;
  width: number;
  height: number;
}

const BYTES_PER_PIXEL = 4;

/** Renders an SVG document (its own width and height) to opaque RGBA. */
export async function renderSvg(svg: string): Promise<Raster> {
  const { data, info } = await sharp(Buffer.from(svg), { limitInputPixels: false })
    .flatten({ background: '#ffffff' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Copies `rect` of `from` to the same size at (toX, toY) of `to`, row by row. */
export function copyRect(from: Raster, rect: Rect, to: Raster, toX = rect.x, toY = rect.y): void {
  const rowBytes = rect.width * BYTES_PER_PIXEL;
  for (let row = 0; row < rect.height; row += 1) {
    const source = ((rect.y + row) * from.width + rect.x) * BYTES_PER_PIXEL;
    from.data.copy(to.data, ((toY + row) * to.width + toX) * BYTES_PER_PIXEL, source, source + rowBytes);
  }
}

/** A blank picture of the given size to copy into. */
export function blankRaster(width: number, height: number): Raster {
  return { data: Buffer.alloc(width * height * BYTES_PER_PIXEL), width, height };
}

/** Fills `rect` of `to` with one opaque colour. */
export function fillRect(to: Raster, rect: Rect, [red, green, blue]: readonly [number, number, number]): void {
  const pixel = Buffer.from([red, green, blue, 255]);
  for (let row = 0; row < rect.height; row += 1) {
    const start = ((rect.y + row) * to.width + rect.x) * BYTES_PER_PIXEL;
    to.data.fill(pixel, start, start + rect.width * BYTES_PER_PIXEL);
  }
}

/** Escapes text for an SVG text node. */
export function svgText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
