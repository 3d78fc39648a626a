/**
 * The teacher's marks (protocol's AnnotationBoard) drawn onto a picture: as SVG at the picture's
 * own size, and burnt into its RGBA pixels with sharp. One place for how a board looks when it is
 * not drawn live (an export's video frames and pictures; the PDF draws the same paths as vectors):
 * round caps and joins, the highlighter translucent under its colour, the pointer a dot.
 */
import type { AnnotationBoard, Annotation } from '@classcast/protocol';
import sharp from 'sharp';
import type { Pixels } from './tile-atlas.js';

type Stroke = Extract<Annotation, { type: 'stroke' }>;

/** How translucent a highlighter is: the text under it stays readable. */
export const HIGHLIGHTER_OPACITY = 0.4;
/** The pointer's dot: a fraction of the picture's width, at least a few pixels. */
export const POINTER_RADIUS = 0.008;
export const POINTER_COLOR = '#e53935';

/** A stroke's points as SVG path data in pixels of a `width`×`height` picture ("M x y L x y …"). */
export function strokePathData(points: readonly number[], width: number, height: number): string {
  const parts: string[] = [];
  for (let i = 0; i + 1 < points.length; i += 2) {
    parts.push(`${i === 0 ? 'M' : 'L'}${round(points[i]! * width)} ${round(points[i + 1]! * height)}`);
  }
  // A single point is a dot: a zero-length line with round caps.
  if (points.length === 2) parts.push(`L${round(points[0]! * width)} ${round(points[1]! * height)}`);
  return parts.join(' ');
}

/** A stroke's width in pixels of a picture `width` wide (at least one pixel). */
export function strokePixelWidth(stroke: Stroke, width: number): number {
  return Math.max(1, round(stroke.width * width));
}

/** The pointer's radius in pixels of a picture `width` wide. */
export function pointerPixelRadius(width: number): number {
  return Math.max(3, round(POINTER_RADIUS * width));
}

/** The board as an SVG document of exactly `width`×`height` pixels, transparent where nothing is drawn. */
export function annotationSvg(board: AnnotationBoard, width: number, height: number): string {
  const shapes = [...board.strokes.values()].map(
    (stroke) =>
      `<path d="${strokePathData(stroke.points, width, height)}" fill="none" stroke="${stroke.color}" stroke-width="${strokePixelWidth(stroke, width)}"` +
      ` stroke-linecap="round" stroke-linejoin="round"${stroke.tool === 'highlighter' ? ` stroke-opacity="${HIGHLIGHTER_OPACITY}"` : ''}/>`,
  );
  if (board.pointer) {
    const r = pointerPixelRadius(width);
    shapes.push(
      `<circle cx="${round(board.pointer.x * width)}" cy="${round(board.pointer.y * height)}" r="${r}" fill="${POINTER_COLOR}" stroke="#ffffff" stroke-width="${Math.max(1, round(r / 3))}"/>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${shapes.join('')}</svg>`;
}

/** True when nothing is on the board (a picture needs no drawing). */
export function isBoardEmpty(board: AnnotationBoard): boolean {
  return board.strokes.size === 0 && board.pointer === undefined;
}

/** A copy of the RGBA `pixels` with the board burnt in (the same pixels when the board is empty). */
export async function burnAnnotations(pixels: Pixels, board: AnnotationBoard): Promise<Pixels> {
  if (isBoardEmpty(board)) return pixels;
  const { width, height } = pixels;
  const data = await sharp(pixels.data, { raw: { width, height, channels: 4 } })
    .composite([{ input: Buffer.from(annotationSvg(board, width, height)), top: 0, left: 0 }])
    .raw()
    .toBuffer();
  return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

const round = (value: number) => Math.round(value * 100) / 100;
