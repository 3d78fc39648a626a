/**
 * A PDF with one page per distinct slide. A new page starts when most of the screen changes
 * (over `newSlideRatio` of the tiles); smaller changes (annotations, a pointer) update the current
 * page, which keeps the slide's last state. The teacher's marks on a slide, as they stood just
 * before the next slide (the last at the range's end), are drawn over its page as vectors, so
 * they stay sharp at any zoom.
 */
import { rm, writeFile } from 'node:fs/promises';
import { LineCapStyle, LineJoinStyle, PDFDocument, popGraphicsState, pushGraphicsState, rgb, setLineJoin, type PDFPage } from 'pdf-lib';
import { createEncoder, findChangedTiles, HIGHLIGHTER_OPACITY, pointerPixelRadius, POINTER_COLOR, strokePathData, strokePixelWidth } from '@classcast/codec';
import type { AnnotationBoard } from '@classcast/protocol';
import { CliError } from '../cli-errors.js';
import type { LessonAnnotations } from './lesson-annotations.js';
import type { TimedPicture } from './lesson-pictures.js';

const TILE = 64;

/** `end` is the export range's end: when the last slide was last on screen. */
export function createSlidePdfWriter(file: string, annotations: LessonAnnotations, end: number, newSlideRatio = 0.3) {
  /** Each slide's last picture, and when the slide came on screen. */
  const slides: Array<{ picture: TimedPicture; start: number }> = [];
  let slideStart: TimedPicture | undefined;
  const encoder = createEncoder({ codec: 'jpeg', quality: 90 });

  return {
    async add(picture: TimedPicture) {
      const changes =
        slideStart && sameSize(slideStart, picture)
          ? findChangedTiles(Buffer.from(slideStart.pixels.data), Buffer.from(picture.pixels.data), picture.pixels.width, picture.pixels.height, TILE)
          : undefined;
      const total = Math.ceil(picture.pixels.width / TILE) * Math.ceil(picture.pixels.height / TILE);
      if (!changes || changes.count > total * newSlideRatio) {
        slides.push({ picture, start: picture.captureTime });
        slideStart = picture;
      } else {
        slides[slides.length - 1]!.picture = picture;
      }
    },
    async finish(): Promise<number> {
      if (slides.length === 0) throw new CliError('CC_EXPORT_EMPTY', 'no pictures in that time range: nothing to export');
      const pdf = await PDFDocument.create();
      for (const [i, { picture }] of slides.entries()) {
        const { width, height, data } = picture.pixels;
        const jpeg = await encoder.encode({ data: Buffer.from(data), width, height, pixelFormat: 'rgba', capturedAt: picture.captureTime });
        const image = await pdf.embedJpg(jpeg.bytes);
        const page = pdf.addPage([width, height]);
        page.drawImage(image, { x: 0, y: 0, width, height });
        // Just before the next slide came on screen.
        const lastOnScreen = i + 1 < slides.length ? slides[i + 1]!.start - 1 : end;
        drawBoard(page, annotations.boardAt(lastOnScreen, picture.streamId).board, width, height);
      }
      await writeFile(file, await pdf.save());
      return slides.length;
    },
    /** Removes what finish() may have begun to write. */
    discard: () => rm(file, { force: true }),
  };
}

/** The board as PDF vectors over a page of the picture's size (one PDF unit a pixel). */
function drawBoard(page: PDFPage, board: AnnotationBoard, width: number, height: number): void {
  // drawSvgPath sets the cap but not the join; the join is taken from the state around it.
  page.pushOperators(pushGraphicsState(), setLineJoin(LineJoinStyle.Round));
  for (const stroke of board.strokes.values()) {
    page.drawSvgPath(strokePathData(stroke.points, width, height), {
      x: 0,
      y: height,
      borderColor: pdfColor(stroke.color),
      borderWidth: strokePixelWidth(stroke, width),
      borderLineCap: LineCapStyle.Round,
      borderOpacity: stroke.tool === 'highlighter' ? HIGHLIGHTER_OPACITY : 1,
    });
  }
  page.pushOperators(popGraphicsState());
  if (board.pointer) {
    const radius = pointerPixelRadius(width);
    page.drawCircle({
      x: board.pointer.x * width,
      y: height - board.pointer.y * height,
      size: radius,
      color: pdfColor(POINTER_COLOR),
      borderColor: rgb(1, 1, 1),
      borderWidth: Math.max(1, radius / 3),
    });
  }
}

function pdfColor(hex: string) {
  const channel = (at: number) => parseInt(hex.slice(at, at + 2), 16) / 255;
  return rgb(channel(1), channel(3), channel(5));
}

function sameSize(a: TimedPicture, b: TimedPicture): boolean {
  return a.pixels.width === b.pixels.width && a.pixels.height === b.pixels.height;
}
