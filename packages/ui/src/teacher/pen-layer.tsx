/**
 * PenLayer: the teacher draws over a preview of what is shared (its children) with a pen, a
 * highlighter or a pointer, and every mark comes out as an Annotation (protocol annotation.ts)
 * through `onAnnotation`, for the app to write to the class's annotation topic (IPC in the desktop
 * app, a WebSocket in a browser console). App-agnostic: no transport here.
 *
 * Coordinates are fractions of the layer's box, so the children must fill it exactly (a preview
 * <video> at width 100%, height auto). A stroke is sent as it grows, again with the same id, at
 * most STROKE_SENDS_PER_SECOND times a second, and once when finished; its points are thinned to
 * stay under MAX_STROKE_POINTS. The pointer follows the mouse at the same pace and hides when the
 * mouse leaves. The teacher sees the marks at once, drawn by the viewers' own BoardDrawing.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type PointerEvent, type ReactNode } from 'react';
import { applyAnnotation, emptyBoard, MAX_STROKE_POINTS, type Annotation, type AnnotationBoard, type StrokeAnnotation } from '@classcast/protocol';
import { BoardDrawing } from '../viewer/annotation-layer.js';

export type PenTool = 'pen' | 'highlighter' | 'pointer';

export const STROKE_SENDS_PER_SECOND = 10;
export const PEN_COLORS = ['#e53935', '#1e88e5', '#43a047', '#000000', '#fdd835'] as const;
/** Stroke widths as fractions of the picture's width. */
export const TOOL_WIDTHS = { pen: 0.004, highlighter: 0.025 } as const;
/** Points closer than this (a fraction of the box) add nothing a viewer could see. */
const MIN_STEP = 0.0015;

export interface PenLayerProps {
  onAnnotation(annotation: Annotation): void;
  /** What is drawn over: the preview of the shared screen, filling the layer's box. */
  children?: ReactNode;
  /** Nothing is shared: the tools are off. */
  disabled?: boolean;
}

export function PenLayer({ onAnnotation, children, disabled = false }: PenLayerProps) {
  const surfaceRef = useRef<HTMLDivElement>(null);
  const [tool, setTool] = useState<PenTool>('pen');
  const [color, setColor] = useState<string>(PEN_COLORS[0]);
  const [board, setBoard] = useState<AnnotationBoard>(emptyBoard);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const drawing = useRef<{ stroke: StrokeAnnotation; sentAt: number; timer?: ReturnType<typeof setTimeout> } | undefined>(undefined);
  const pointerSentAt = useRef(0);
  const drawn = useRef<string[]>([]);
  const counter = useRef(0);
  const pointerShown = useRef(false);
  const latest = useRef(onAnnotation);
  latest.current = onAnnotation;

  // Taken away (the share stopped): a stroke in progress is not sent again, the pointer goes.
  useEffect(
    () => () => {
      clearTimeout(drawing.current?.timer);
      if (pointerShown.current) latest.current({ type: 'pointer', x: null, y: null });
    },
    [],
  );

  useLayoutEffect(() => {
    const surface = surfaceRef.current;
    if (!surface) return undefined;
    const measure = () => setSize({ width: surface.clientWidth, height: surface.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(surface);
    return () => observer.disconnect();
  }, []);

  /** Sends a mark and draws it here. */
  const emit = useCallback(
    (annotation: Annotation) => {
      if (annotation.type === 'pointer') pointerShown.current = annotation.x !== null;
      onAnnotation(annotation);
      setBoard((old) => {
        const next = { strokes: new Map(old.strokes), pointer: old.pointer };
        applyAnnotation(next, annotation);
        return next;
      });
    },
    [onAnnotation],
  );

  function fraction(event: PointerEvent<HTMLDivElement>): [number, number] {
    const box = event.currentTarget.getBoundingClientRect();
    const clamp = (value: number) => Math.round(Math.min(1, Math.max(0, value)) * 10_000) / 10_000;
    return [clamp((event.clientX - box.left) / box.width), clamp((event.clientY - box.top) / box.height)];
  }

  /** The growing stroke, sent now and stamped. */
  function sendStroke(): void {
    const current = drawing.current;
    if (!current) return;
    clearTimeout(current.timer);
    current.timer = undefined;
    current.sentAt = Date.now();
    emit({ ...current.stroke, points: [...current.stroke.points] });
  }

  function onPointerDown(event: PointerEvent<HTMLDivElement>): void {
    if (disabled || tool === 'pointer' || event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    counter.current += 1;
    const id = `s${Date.now().toString(36)}${counter.current}`;
    const stroke: StrokeAnnotation = { type: 'stroke', id, tool, color, width: TOOL_WIDTHS[tool], points: fraction(event) };
    drawing.current = { stroke, sentAt: 0 };
    drawn.current.push(id);
    sendStroke();
  }

  function onPointerMove(event: PointerEvent<HTMLDivElement>): void {
    if (disabled) return;
    const [x, y] = fraction(event);
    if (tool === 'pointer') {
      if (Date.now() - pointerSentAt.current < 1000 / STROKE_SENDS_PER_SECOND) return;
      pointerSentAt.current = Date.now();
      return emit({ type: 'pointer', x, y });
    }
    const current = drawing.current;
    if (!current) return;
    const { points } = current.stroke;
    if (Math.hypot(x - points.at(-2)!, y - points.at(-1)!) < MIN_STEP) return;
    points.push(x, y);
    if (points.length / 2 > MAX_STROKE_POINTS) current.stroke.points = thinned(points);
    const wait = current.sentAt + 1000 / STROKE_SENDS_PER_SECOND - Date.now();
    if (wait <= 0) sendStroke();
    else current.timer ??= setTimeout(sendStroke, wait);
  }

  function onPointerUp(): void {
    if (!drawing.current) return;
    sendStroke();
    drawing.current = undefined;
  }

  function onPointerLeave(): void {
    if (tool === 'pointer' && board.pointer) emit({ type: 'pointer', x: null, y: null });
  }

  function chooseTool(next: PenTool): void {
    if (tool === 'pointer' && next !== 'pointer' && board.pointer) emit({ type: 'pointer', x: null, y: null });
    setTool(next);
  }

  function eraseLast(): void {
    const id = drawn.current.pop();
    if (id !== undefined) emit({ type: 'erase', id });
  }

  function clear(): void {
    drawn.current = [];
    emit({ type: 'clear' });
  }

  return (
    <div className="cc-pen" data-tool={tool}>
      <style href="classcast-pen" precedence="default">
        {PEN_CSS}
      </style>
      <div className="cc-pen-tools" role="toolbar" aria-label="Pen">
        {(['pen', 'highlighter', 'pointer'] as const).map((name) => (
          <button key={name} type="button" name={`tool-${name}`} aria-pressed={tool === name} disabled={disabled} onClick={() => chooseTool(name)}>
            {TOOL_LABEL[name]}
          </button>
        ))}
        {PEN_COLORS.map((swatch) => (
          <button
            key={swatch}
            type="button"
            name={`color-${swatch.slice(1)}`}
            className="cc-swatch"
            aria-label={`colour ${swatch}`}
            aria-pressed={color === swatch}
            disabled={disabled}
            style={{ background: swatch }}
            onClick={() => setColor(swatch)}
          />
        ))}
        <button type="button" name="erase-last" disabled={disabled || board.strokes.size === 0} onClick={eraseLast}>
          Erase last
        </button>
        <button type="button" name="clear" disabled={disabled} onClick={clear}>
          Clear
        </button>
      </div>
      <div
        ref={surfaceRef}
        className="cc-pen-surface"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onPointerLeave={onPointerLeave}
      >
        {children}
        <div className="cc-pen-marks">
          <BoardDrawing board={board} width={size.width} height={size.height} />
        </div>
      </div>
    </div>
  );
}

const TOOL_LABEL: Record<PenTool, string> = { pen: 'Pen', highlighter: 'Highlighter', pointer: 'Pointer' };

/** Every other point (the first and the newest kept): a long stroke stays under MAX_STROKE_POINTS. */
export function thinned(points: readonly number[]): number[] {
  const kept: number[] = [];
  const last = points.length / 2 - 1;
  for (let i = 0; i <= last; i += 1) if (i % 2 === 0 || i === last) kept.push(points[2 * i]!, points[2 * i + 1]!);
  return kept;
}

/** The pen layer's CSS (with the teacher panel's). */
export const PEN_CSS = `
.cc-pen { display: flex; flex-direction: column; gap: 0.4rem; }
.cc-pen-tools { display: flex; flex-wrap: wrap; gap: 0.3rem; align-items: center; }
.cc-pen-tools button[aria-pressed="true"] { font-weight: 700; outline: 2px solid #f5c542; }
.cc-pen-tools .cc-swatch { width: 1.6rem; height: 1.6rem; border: 1px solid #888; border-radius: 50%; }
.cc-pen-surface { position: relative; touch-action: none; user-select: none; cursor: crosshair; line-height: 0; }
.cc-pen[data-tool="pointer"] .cc-pen-surface { cursor: none; }
.cc-pen-surface > video, .cc-pen-surface > img, .cc-pen-surface > canvas { display: block; width: 100%; height: auto; }
.cc-pen-marks { position: absolute; inset: 0; pointer-events: none; }
`;
