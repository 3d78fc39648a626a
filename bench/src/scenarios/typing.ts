/**
 * Typing in an editor: a dark code editor (file tree, tabs, line numbers, status bar) in which a
 * source file appears a few characters per frame, with a blinking caret. Each character is
 * revealed by copying its cell from a render of the finished file onto the frame so far.
 */
import { CODE, tokenize } from './editor-code.js';
import { copyRect, fillRect, renderSvg, svgText, type Raster } from './raster.js';
import { SCREEN, screenFrame, type Scenario } from './scenario.js';

const LAYOUT = { gutterX: 356, codeX: 456, firstLineTop: 82, lineHeight: 24, fontSize: 17, baseline: 18 } as const;
// DejaVu Sans Mono advances 1233/2048 em per character.
const CHAR_WIDTH = (LAYOUT.fontSize * 1233) / 2048;
const CHARS_PER_TICK = [1, 2, 3, 2];
const CARET_HALF_PERIOD_TICKS = 5; // on 500 ms, off 500 ms
const CARET_COLOUR = [174, 175, 173] as const;

function editorSvg(withCode: boolean): string {
  const tree = ['src', '  server.ts', '  routes.ts', '  static', '    index.html', '    style.css', 'package.json', 'README.md']
    .map(
      (name, i) =>
        `<text x="${80 + name.search(/\S/) * 8}" y="${90 + i * 26}" font-size="15" font-family="DejaVu Sans" fill="#cccccc">${svgText(name.trim())}</text>`,
    )
    .join('');
  const lines = withCode
    ? CODE.map((line, i) => {
        const y = LAYOUT.firstLineTop + i * LAYOUT.lineHeight + LAYOUT.baseline;
        const indent = line.search(/\S|$/);
        const spans = tokenize(line.trimStart())
          .map((token) => `<tspan fill="${token.colour}">${svgText(token.text)}</tspan>`)
          .join('');
        return `<text x="${LAYOUT.gutterX + 60}" y="${y}" font-size="${LAYOUT.fontSize}" text-anchor="end" font-family="DejaVu Sans Mono" fill="#858585">${i + 1}</text>
          <text x="${(LAYOUT.codeX + indent * CHAR_WIDTH).toFixed(2)}" y="${y}" font-size="${LAYOUT.fontSize}" font-family="DejaVu Sans Mono" xml:space="preserve">${spans}</text>`;
      }).join('')
    : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SCREEN.width}" height="${SCREEN.height}">
    <rect width="100%" height="100%" fill="#1e1e1e"/>
    <rect width="100%" height="36" fill="#323233"/>
    <text x="960" y="24" font-size="14" text-anchor="middle" font-family="DejaVu Sans" fill="#cccccc">server.ts — lab-03 — Visual Studio Code</text>
    <rect y="36" width="56" height="1014" fill="#333333"/>
    <rect x="56" y="36" width="300" height="1014" fill="#252526"/>
    <text x="72" y="60" font-size="13" font-family="DejaVu Sans" fill="#bbbbbb">EXPLORER</text>
    ${tree}
    <rect x="356" y="36" width="1564" height="40" fill="#252526"/>
    <rect x="356" y="36" width="180" height="40" fill="#1e1e1e"/>
    <text x="376" y="61" font-size="14" font-family="DejaVu Sans" fill="#ffffff">server.ts</text>
    <rect y="1050" width="100%" height="30" fill="#007acc"/>
    <text x="70" y="1070" font-size="13" font-family="DejaVu Sans" fill="#ffffff">main  ⟳  0 ⚠ 0</text>
    <text x="1700" y="1070" font-size="13" font-family="DejaVu Sans" fill="#ffffff">TypeScript  UTF-8  LF</text>
    ${lines}
  </svg>`;
}

/** Where the caret stands after `typed` characters: line and column. */
interface Cursor {
  line: number;
  column: number;
}

export async function createTypingScenario(): Promise<Scenario> {
  const finished = await renderSvg(editorSvg(true));
  const empty = await renderSvg(editorSvg(false));
  const page: Raster = { ...empty, data: Buffer.from(empty.data) };
  let cursor: Cursor = { line: 0, column: 0 };
  let tick = 0;

  const lineTop = (line: number) => LAYOUT.firstLineTop + line * LAYOUT.lineHeight;
  const columnX = (column: number) => Math.round(LAYOUT.codeX + column * CHAR_WIDTH);

  function revealNumber(line: number): void {
    copyRect(finished, { x: LAYOUT.gutterX, y: lineTop(line), width: LAYOUT.codeX - LAYOUT.gutterX, height: LAYOUT.lineHeight }, page);
  }

  /** Copies the cells of `count` more characters; a finished file starts over in an empty editor. */
  function type(count: number): void {
    for (let typed = 0; typed < count;) {
      const text = CODE[cursor.line];
      if (text === undefined) {
        empty.data.copy(page.data);
        cursor = { line: 0, column: 0 };
        continue;
      }
      if (cursor.column === 0) revealNumber(cursor.line);
      if (cursor.column >= text.length) {
        cursor = { line: cursor.line + 1, column: 0 };
        continue;
      }
      const x = columnX(cursor.column);
      // A glyph's anti-aliased edge can reach a pixel past its cell; the last cell takes it along.
      const right = cursor.column === text.length - 1 ? columnX(cursor.column + 1) + 3 : columnX(cursor.column + 1);
      copyRect(finished, { x, y: lineTop(cursor.line), width: right - x, height: LAYOUT.lineHeight }, page);
      cursor = { ...cursor, column: cursor.column + 1 };
      typed += 1;
    }
  }

  return {
    name: 'typing',
    description: `code editor, ${CHARS_PER_TICK.reduce((a, b) => a + b) / CHARS_PER_TICK.length} characters a frame, blinking caret`,
    screenContent: true,
    next() {
      type(CHARS_PER_TICK[tick % CHARS_PER_TICK.length]!);
      const frame = Buffer.from(page.data);
      if (Math.floor(tick / CARET_HALF_PERIOD_TICKS) % 2 === 0) {
        const caret = { x: columnX(cursor.column), y: lineTop(cursor.line) + 2, width: 2, height: LAYOUT.lineHeight - 4 };
        fillRect({ ...page, data: frame }, caret, CARET_COLOUR);
      }
      return screenFrame(frame, tick++);
    },
  };
}
