import { applyAnnotation, emptyBoard } from '@classcast/protocol';
import { expect, test } from 'vitest';
import { annotationSvg, burnAnnotations, strokePathData } from './annotation-overlay.js';

const white = (width: number, height: number) => ({ width, height, data: new Uint8Array(width * height * 4).fill(255) });
const pixelAt = (p: { data: Uint8Array; width: number }, x: number, y: number) => [...p.data.subarray((y * p.width + x) * 4, (y * p.width + x) * 4 + 4)];

test('path data is in pixels of the picture', () => {
  expect(strokePathData([0, 0, 0.5, 1], 200, 100)).toBe('M0 0 L100 100');
  expect(strokePathData([0.25, 0.5], 200, 100)).toBe('M50 50 L50 50');
});

test('svg: round caps and joins, the highlighter translucent, the pointer a dot, at the picture size', () => {
  const board = emptyBoard();
  applyAnnotation(board, { type: 'stroke', id: 'a', tool: 'pen', color: '#ff0000', width: 0.01, points: [0, 0, 1, 1] });
  applyAnnotation(board, { type: 'stroke', id: 'b', tool: 'highlighter', color: '#ffff00', width: 0.05, points: [0, 0.5, 1, 0.5] });
  applyAnnotation(board, { type: 'pointer', x: 0.5, y: 0.5 });
  const svg = annotationSvg(board, 400, 300);
  expect(svg).toMatch(/^<svg [^>]*width="400" height="300"/);
  expect(svg).toContain('stroke-linecap="round" stroke-linejoin="round"/>');
  expect(svg).toContain('stroke="#ffff00" stroke-width="20" stroke-linecap="round" stroke-linejoin="round" stroke-opacity="0.4"');
  expect(svg).toMatch(/<circle cx="200" cy="150"/);
});

test('burns a red stroke in where it was drawn and nowhere else; an empty board leaves the picture as it is', async () => {
  const picture = white(100, 50);
  expect(await burnAnnotations(picture, emptyBoard())).toBe(picture);
  const board = emptyBoard();
  applyAnnotation(board, { type: 'stroke', id: 'a', tool: 'pen', color: '#ff0000', width: 0.05, points: [0.1, 0.5, 0.9, 0.5] });
  const burnt = await burnAnnotations(picture, board);
  expect(burnt.data.length).toBe(100 * 50 * 4);
  expect(pixelAt(burnt, 50, 25)).toEqual([255, 0, 0, 255]);
  expect(pixelAt(burnt, 50, 5)).toEqual([255, 255, 255, 255]);
  expect(pixelAt(picture, 50, 25)).toEqual([255, 255, 255, 255]);
});

test('a highlighter lets the picture show through', async () => {
  const board = emptyBoard();
  applyAnnotation(board, { type: 'stroke', id: 'h', tool: 'highlighter', color: '#0000ff', width: 0.1, points: [0, 0.5, 1, 0.5] });
  const [r, g, b] = pixelAt(await burnAnnotations(white(100, 50), board), 50, 25);
  expect(b).toBe(255);
  expect(r).toBeGreaterThan(100);
  expect(g).toBeGreaterThan(100);
});
