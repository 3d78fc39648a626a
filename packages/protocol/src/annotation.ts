/**
 * Annotations: the teacher's pen, highlighter and pointer over the shared screen, as small vector
 * messages on the class's annotation topic (annotationTopic), one message each, so they are a
 * stream of the lesson: replayed on the timeline, read by late joiners, burnt into an export.
 *
 *   key       the stream id the marks are drawn over (`screen-0`, as the frames' key)
 *   timestamp when it was drawn (the teacher's clock, as the frames' capture time)
 *   value     UTF-8 JSON, version 1, one of:
 *     {"v":1,"type":"stroke","id":"s1","tool":"pen"|"highlighter","color":"#e53935","width":0.004,
 *      "points":[x0,y0,x1,y1,…]}       a finished stroke (or a growing one sent again, same id)
 *     {"v":1,"type":"pointer","x":0.52,"y":0.31}    where the pointer is; {"x":null,"y":null} hides it
 *     {"v":1,"type":"erase","id":"s1"}               takes one stroke away
 *     {"v":1,"type":"clear"}                          takes every stroke of the stream away
 *
 * Coordinates are fractions of the picture (0 = left or top, 1 = right or bottom) and the width a
 * fraction of the picture's width, so every viewer draws them at its own scale and lines stay
 * sharp. JSON keeps the topic readable with any Kafka tool (kcat, the console consumer), and a
 * stroke of a few hundred points is a few KB.
 *
 * Bad input is refused with a reason and never drawn (a viewer counts it as skipped): a value
 * that is not UTF-8 JSON, another version, an unknown type, a field out of range, more than
 * MAX_STROKE_POINTS points (a million-point stroke would cost every viewer its memory and a frame's
 * time), or more than MAX_ANNOTATION_BYTES in all.
 */

export const ANNOTATION_VERSION = 1;
/** A long, careful underline at 60 points a second for half a minute; more is refused, not drawn. */
export const MAX_STROKE_POINTS = 2000;
/** A full stroke as JSON with 6-digit fractions fits well under this. */
export const MAX_ANNOTATION_BYTES = 64 * 1024;
/** The widest mark: a tenth of the picture (a highlighter over a heading). */
export const MAX_STROKE_WIDTH = 0.1;
const MAX_ID_LENGTH = 64;

export type AnnotationTool = 'pen' | 'highlighter';

export interface StrokeAnnotation {
  type: 'stroke';
  id: string;
  tool: AnnotationTool;
  color: string;
  width: number;
  points: number[];
}

export type Annotation = StrokeAnnotation | { type: 'pointer'; x: number | null; y: number | null } | { type: 'erase'; id: string } | { type: 'clear' };

export type AnnotationCheck = { annotation: Annotation } | { problem: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const COLOR_PATTERN = /^#[0-9a-f]{6}$/i;

/** The value to write for `annotation` (checked first: a writer cannot send what viewers refuse). */
export function encodeAnnotation(annotation: Annotation): Uint8Array {
  const checked = checkAnnotation({ v: ANNOTATION_VERSION, ...annotation });
  if ('problem' in checked) throw new RangeError(`not an annotation: ${checked.problem}`);
  return new TextEncoder().encode(JSON.stringify({ v: ANNOTATION_VERSION, ...checked.annotation }));
}

/** Reads a Kafka value as an annotation, or says why it cannot be drawn. */
export function readAnnotationValue(value: Uint8Array | null | undefined): AnnotationCheck {
  if (!value || value.length === 0) return { problem: 'empty annotation' };
  if (value.length > MAX_ANNOTATION_BYTES) return { problem: `annotation of ${value.length} bytes (at most ${MAX_ANNOTATION_BYTES})` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(strictUtf8.decode(value));
  } catch {
    return { problem: 'annotation is not UTF-8 JSON' };
  }
  return checkAnnotation(parsed);
}

/** Checks an annotation already parsed from JSON (the topic's value, or one inside a gateway message); `v` must be 1. */
export function checkAnnotation(parsed: unknown): AnnotationCheck {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { problem: 'annotation is not a JSON object' };
  const message = parsed as Record<string, unknown>;
  if (message.v !== ANNOTATION_VERSION)
    return { problem: `annotation version ${JSON.stringify(message.v)?.slice(0, 20)} (this viewer reads ${ANNOTATION_VERSION})` };
  switch (message.type) {
    case 'stroke':
      return checkStroke(message);
    case 'pointer': {
      const { x, y } = message;
      if (x === null && y === null) return { annotation: { type: 'pointer', x: null, y: null } };
      if (!isFraction(x) || !isFraction(y)) return { problem: 'pointer x and y must both be fractions from 0 to 1, or both null' };
      return { annotation: { type: 'pointer', x, y } };
    }
    case 'erase':
      if (!isId(message.id)) return { problem: `erase needs the id of a stroke (1-${MAX_ID_LENGTH} letters, digits, _ or -)` };
      return { annotation: { type: 'erase', id: message.id } };
    case 'clear':
      return { annotation: { type: 'clear' } };
    default:
      return { problem: `unknown annotation type ${JSON.stringify(message.type)?.slice(0, 30)}` };
  }
}

function checkStroke(message: Record<string, unknown>): AnnotationCheck {
  const { id, tool, color, width, points } = message;
  if (!isId(id)) return { problem: `a stroke needs an id (1-${MAX_ID_LENGTH} letters, digits, _ or -)` };
  if (tool !== 'pen' && tool !== 'highlighter') return { problem: 'a stroke is drawn with "pen" or "highlighter"' };
  if (typeof color !== 'string' || !COLOR_PATTERN.test(color)) return { problem: 'a stroke color is #rrggbb' };
  if (typeof width !== 'number' || !(width > 0 && width <= MAX_STROKE_WIDTH))
    return { problem: `a stroke width is a fraction of the picture above 0, at most ${MAX_STROKE_WIDTH}` };
  if (!Array.isArray(points) || points.length < 2 || points.length % 2 !== 0) return { problem: 'a stroke has points: [x0, y0, x1, y1, …]' };
  if (points.length / 2 > MAX_STROKE_POINTS) return { problem: `a stroke of ${points.length / 2} points (at most ${MAX_STROKE_POINTS})` };
  if (!points.every(isFraction)) return { problem: 'stroke points must be fractions from 0 to 1' };
  return { annotation: { type: 'stroke', id, tool, color: color.toLowerCase(), width, points: points as number[] } };
}

const isFraction = (value: unknown): value is number => typeof value === 'number' && value >= 0 && value <= 1;
const isId = (value: unknown): value is string => typeof value === 'string' && ID_PATTERN.test(value);

/** What is on the board of one stream now: the strokes in the order drawn, and the pointer. */
export interface AnnotationBoard {
  strokes: Map<string, StrokeAnnotation>;
  pointer: { x: number; y: number } | undefined;
}

export function emptyBoard(): AnnotationBoard {
  return { strokes: new Map(), pointer: undefined };
}

/**
 * Applies one annotation to a board, in the topic's order. A stroke sent again with its id
 * replaces the earlier one (it grew), keeping its place; erase and clear remove; the pointer
 * moves or hides. A late joiner replays the topic from the stream's last clear to get the board
 * as it is now; the timeline replays it up to the picture shown.
 */
export function applyAnnotation(board: AnnotationBoard, annotation: Annotation): void {
  switch (annotation.type) {
    case 'stroke':
      board.strokes.set(annotation.id, annotation);
      return;
    case 'erase':
      board.strokes.delete(annotation.id);
      return;
    case 'clear':
      board.strokes.clear();
      return;
    case 'pointer':
      board.pointer = annotation.x === null || annotation.y === null ? undefined : { x: annotation.x, y: annotation.y };
      return;
  }
}
