/**
 * Scrolling a page: a browser showing a long article (headings, paragraphs, figures, code); the
 * browser's toolbar stays, the page under it moves 40 px a frame, down to the end and back up.
 */
import { seededRandom } from './random.js';
import { blankRaster, copyRect, renderSvg, svgText } from './raster.js';
import { SCREEN, screenFrame, type Scenario } from './scenario.js';

const TOOLBAR_HEIGHT = 86;
const VIEWPORT_HEIGHT = SCREEN.height - TOOLBAR_HEIGHT;
const PAGE_HEIGHT = 7200;
const SCROLL_PX_PER_TICK = 40;

const WORDS =
  'the of a cell energy light membrane protein carbon water is in and that by which enzyme gradient chloroplast leaf each reaction molecule electron produces from to during stage cycle plants oxygen sugar'.split(
    ' ',
  );

function paragraphLines(random: () => number, count: number): string[] {
  return Array.from({ length: count }, () => {
    const words = Array.from({ length: 12 + Math.floor(random() * 5) }, () => WORDS[Math.floor(random() * WORDS.length)]!);
    return words.join(' ').replace(/^./, (first) => first.toUpperCase());
  });
}

function pageSvg(): string {
  const random = seededRandom(7);
  const parts: string[] = [];
  let y = 80;
  for (let section = 1; y < PAGE_HEIGHT - 500; section += 1) {
    parts.push(
      `<text x="460" y="${y}" font-size="40" font-weight="bold" font-family="DejaVu Serif" fill="#111">${section}. ${svgText(paragraphLines(random, 1)[0]!.split(' ').slice(0, 5).join(' '))}</text>`,
    );
    y += 60;
    for (const line of paragraphLines(random, 8)) {
      parts.push(`<text x="460" y="${y}" font-size="21" font-family="DejaVu Serif" fill="#333">${svgText(line)}</text>`);
      y += 34;
    }
    y += 20;
    if (section % 2 === 1) {
      const hue = (section * 67) % 360;
      parts.push(`<rect x="460" y="${y}" width="1000" height="380" rx="8" fill="hsl(${hue},45%,88%)"/>
        <circle cx="${700 + (section % 3) * 150}" cy="${y + 190}" r="130" fill="hsl(${hue},55%,55%)"/>
        <rect x="1050" y="${y + 80}" width="320" height="220" fill="hsl(${(hue + 120) % 360},50%,60%)"/>
        <text x="460" y="${y + 420}" font-size="18" font-style="italic" font-family="DejaVu Sans" fill="#666">Figure ${section}: structure at two scales</text>`);
      y += 470;
    } else {
      const code = ['def rate(light, co2, temp):', '    limits = [light, co2, temp]', '    return min(limits) * EFFICIENCY'];
      parts.push(`<rect x="460" y="${y}" width="1000" height="${code.length * 30 + 30}" fill="#f3f3f3" stroke="#ddd"/>`);
      code.forEach((line, i) =>
        parts.push(
          `<text x="480" y="${y + 38 + i * 30}" font-size="19" font-family="DejaVu Sans Mono" fill="#8a1f44" xml:space="preserve">${svgText(line)}</text>`,
        ),
      );
      y += code.length * 30 + 70;
    }
  }
  const nav = Array.from(
    { length: 60 },
    (_, i) => `<text x="60" y="${100 + i * 110}" font-size="18" font-family="DejaVu Sans" fill="#1a5fb4">Chapter ${i + 1}</text>`,
  ).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SCREEN.width}" height="${PAGE_HEIGHT}">
    <rect width="100%" height="100%" fill="#ffffff"/>
    <rect width="300" height="100%" fill="#f6f8fa"/>
    ${nav}
    ${parts.join('')}
  </svg>`;
}

function toolbarSvg(): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SCREEN.width}" height="${TOOLBAR_HEIGHT}">
    <rect width="100%" height="100%" fill="#dee1e6"/>
    <rect x="12" y="6" width="260" height="34" rx="8" fill="#ffffff"/>
    <text x="30" y="29" font-size="14" font-family="DejaVu Sans" fill="#333">Photosynthesis — Open Textbook</text>
    <rect x="110" y="46" width="1700" height="32" rx="16" fill="#ffffff"/>
    <text x="135" y="68" font-size="15" font-family="DejaVu Sans" fill="#555">https://openbook.example.edu/biology/photosynthesis</text>
  </svg>`;
}

export async function createScrollingScenario(): Promise<Scenario> {
  const page = await renderSvg(pageSvg());
  const toolbar = await renderSvg(toolbarSvg());
  const maxTop = PAGE_HEIGHT - VIEWPORT_HEIGHT;
  const travelTicks = Math.ceil(maxTop / SCROLL_PX_PER_TICK);
  let tick = 0;
  return {
    name: 'scrolling',
    description: `web page under a fixed toolbar, ${SCROLL_PX_PER_TICK} px a frame, down and back up`,
    screenContent: true,
    next() {
      const leg = Math.floor(tick / travelTicks);
      const along = (tick % travelTicks) * SCROLL_PX_PER_TICK;
      const top = Math.min(maxTop, leg % 2 === 0 ? along : maxTop - along);
      const screen = blankRaster(SCREEN.width, SCREEN.height);
      copyRect(toolbar, { x: 0, y: 0, width: SCREEN.width, height: TOOLBAR_HEIGHT }, screen);
      copyRect(page, { x: 0, y: top, width: SCREEN.width, height: VIEWPORT_HEIGHT }, screen, 0, TOOLBAR_HEIGHT);
      return screenFrame(screen.data, tick++);
    },
  };
}
