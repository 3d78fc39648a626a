/**
 * The teacher's marks over the picture: the board of the stream on screen (gateway-messages.ts
 * "board" and "annotation"), drawn as SVG vectors over the displayed picture at its displayed
 * size, so lines stay sharp at every scale (never painted into the picture's pixels). Pen
 * strokes, translucent highlighter strokes, and the pointer as a ringed dot.
 */
import { useEffect, useLayoutEffect, useReducer, useState, type RefObject } from 'react';
import { applyAnnotation, emptyBoard, type AnnotationBoard, type GatewayBoard, type GatewayMark, type StrokeAnnotation } from '@classcast/protocol';
import type { FrameFeed } from './frame-feed.js';

/** How see-through a highlighter stroke is: the text under it stays readable. */
export const HIGHLIGHTER_OPACITY = 0.4;

export interface BoardsState {
  boards: ReadonlyMap<string, AnnotationBoard>;
  /** The stream whose picture is on screen (its frames' key). */
  stream: string;
}

export type BoardsEvent = GatewayBoard | GatewayMark | { type: 'picture'; stream: string };

export const INITIAL_BOARDS: BoardsState = { boards: new Map(), stream: 'screen-0' };

export function boardsReducer(state: BoardsState, event: BoardsEvent): BoardsState {
  if (event.type === 'picture') return event.stream === state.stream ? state : { ...state, stream: event.stream };
  const boards = new Map(state.boards);
  if (event.type === 'board') {
    boards.set(event.stream, { strokes: new Map(event.strokes.map((stroke) => [stroke.id, stroke])), pointer: event.pointer ?? undefined });
  } else {
    const old = boards.get(event.stream) ?? emptyBoard();
    const board = { strokes: new Map(old.strokes), pointer: old.pointer };
    applyAnnotation(board, event.annotation);
    boards.set(event.stream, board);
  }
  return { ...state, boards };
}

/** The board over the picture on screen, as the feed tells it. */
export function useBoard(feed: FrameFeed): AnnotationBoard | undefined {
  const [state, dispatch] = useReducer(boardsReducer, INITIAL_BOARDS);
  useEffect(
    () =>
      feed.subscribe((event) => {
        if (event.type === 'board' || event.type === 'annotation') dispatch(event);
        else if (event.type === 'frame' && !event.catchingUp) dispatch({ type: 'picture', stream: event.frame.streamId });
      }),
    [feed],
  );
  return state.boards.get(state.stream);
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface AnnotationLayerProps {
  board: AnnotationBoard | undefined;
  /** The canvas the picture is on; the layer lies over the part of it the picture fills. */
  canvasRef: RefObject<HTMLCanvasElement | null>;
  /** Changes whenever the picture's size or the fit changes, so the layer measures again. */
  layoutKey: string;
}

/** The marks over the picture, at the picture's displayed size. */
export function AnnotationLayer({ board, canvasRef, layoutKey }: AnnotationLayerProps) {
  const [box, setBox] = useState<Box | undefined>();
  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return undefined;
    const measure = () => setBox(pictureBox(canvas));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(canvas);
    return () => observer.disconnect();
  }, [canvasRef, layoutKey]);
  if (!board || !box || box.width === 0 || (board.strokes.size === 0 && !board.pointer)) return null;
  return (
    <div className="cc-annotations" style={{ left: box.left, top: box.top, width: box.width, height: box.height }}>
      <BoardDrawing board={board} width={box.width} height={box.height} />
    </div>
  );
}

/**
 * Where the picture is inside the canvas element's box, relative to the stage: the canvas is
 * laid out at its actual size, or stretched over the stage with object-fit: contain.
 */
function pictureBox(canvas: HTMLCanvasElement): Box | undefined {
  if (canvas.hidden || canvas.width === 0 || canvas.height === 0) return undefined;
  const { clientWidth, clientHeight, width, height } = canvas;
  const scale = Math.min(clientWidth / width, clientHeight / height);
  const shown = { width: width * scale, height: height * scale };
  return {
    left: canvas.offsetLeft + (clientWidth - shown.width) / 2,
    top: canvas.offsetTop + (clientHeight - shown.height) / 2,
    ...shown,
  };
}

export interface BoardDrawingProps {
  board: AnnotationBoard;
  /** The drawing's size in CSS pixels: fractions become pixels of this box. */
  width: number;
  height: number;
}

/** A board as SVG at `width` x `height` (the viewer's overlay; the teacher's pen layer). */
export function BoardDrawing({ board, width, height }: BoardDrawingProps) {
  const pointerRadius = Math.max(5, width * 0.008);
  return (
    <svg className="cc-board" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true">
      {[...board.strokes.values()].map((stroke) => (
        <StrokePath key={stroke.id} stroke={stroke} width={width} height={height} />
      ))}
      {board.pointer && (
        <circle
          className="cc-pointer"
          cx={board.pointer.x * width}
          cy={board.pointer.y * height}
          r={pointerRadius}
          fill="#ff1744"
          stroke="#ffffff"
          strokeWidth={Math.max(1.5, pointerRadius / 3)}
        />
      )}
    </svg>
  );
}

function StrokePath({ stroke, width, height }: { stroke: StrokeAnnotation; width: number; height: number }) {
  const { points } = stroke;
  let path = `M${(points[0]! * width).toFixed(1)} ${(points[1]! * height).toFixed(1)}`;
  for (let i = 2; i < points.length; i += 2) path += `L${(points[i]! * width).toFixed(1)} ${(points[i + 1]! * height).toFixed(1)}`;
  // A single point is drawn as a dot: a zero-length line with round caps.
  if (points.length === 2) path += 'l0.01 0';
  return (
    <path
      data-stroke={stroke.id}
      d={path}
      fill="none"
      stroke={stroke.color}
      strokeWidth={Math.max(1, stroke.width * width)}
      strokeLinecap={stroke.tool === 'highlighter' ? 'butt' : 'round'}
      strokeLinejoin="round"
      strokeOpacity={stroke.tool === 'highlighter' ? HIGHLIGHTER_OPACITY : 1}
    />
  );
}
