/**
 * Still slides: a lecture deck (title, bullets, a diagram and a chart) shown full screen; the
 * picture does not change at all between slide changes, which come every 20 s.
 */
import { renderSvg, svgText, type Raster } from './raster.js';
import { SCREEN, screenFrame, type Scenario } from './scenario.js';

const SLIDE_TICKS = 200; // 20 s at 10 fps

const DECK = [
  {
    title: 'Photosynthesis: the light reactions',
    bullets: [
      'Photons excite chlorophyll in photosystem II',
      'Water is split: 2 H₂O → 4 H⁺ + 4 e⁻ + O₂',
      'The electron transport chain pumps protons',
      'ATP synthase turns the gradient into ATP',
      'NADP⁺ is reduced to NADPH at photosystem I',
    ],
    boxes: ['PSII', 'Plastoquinone', 'Cytochrome b6f', 'PSI'],
    bars: [42, 77, 63, 91, 55],
  },
  {
    title: 'The Calvin cycle',
    bullets: [
      'Carbon fixation by RuBisCO',
      '3-PGA is reduced to G3P using ATP and NADPH',
      'One G3P in six leaves the cycle',
      'RuBP is regenerated',
      'Three turns fix three CO₂',
    ],
    boxes: ['CO₂ + RuBP', '3-PGA', 'G3P', 'RuBP'],
    bars: [30, 48, 86, 72, 20],
  },
  {
    title: 'Limiting factors',
    bullets: ['Light intensity', 'CO₂ concentration', 'Temperature (enzyme kinetics)', 'Water availability', 'Blackman: the slowest factor sets the rate'],
    boxes: ['Light', 'CO₂', 'Temperature', 'Rate'],
    bars: [15, 35, 60, 80, 88],
  },
];

type Slide = (typeof DECK)[number];

function slideSvg(slide: Slide, number: number): string {
  const bullets = slide.bullets
    .map(
      (text, i) =>
        `<circle cx="120" cy="${318 + i * 74}" r="9" fill="#1e5aa8"/><text x="150" y="${330 + i * 74}" font-size="38" font-family="DejaVu Sans" fill="#222">${svgText(text)}</text>`,
    )
    .join('');
  const boxes = slide.boxes
    .map((label, i) => {
      const y = 280 + i * 150;
      const arrow = i < slide.boxes.length - 1 ? `<path d="M1500 ${y + 90} v50" stroke="#555" stroke-width="4" marker-end="url(#arrow)"/>` : '';
      return `<rect x="1330" y="${y}" width="340" height="90" rx="14" fill="#e8f0fb" stroke="#1e5aa8" stroke-width="3"/><text x="1500" y="${y + 57}" font-size="30" text-anchor="middle" font-family="DejaVu Sans" fill="#1e3c72">${svgText(label)}</text>${arrow}`;
    })
    .join('');
  const bars = slide.bars
    .map(
      (value, i) =>
        `<rect x="${140 + i * 110}" y="${1010 - value * 1.6}" width="70" height="${value * 1.6}" fill="${['#e07b39', '#3c9d5d', '#1e5aa8', '#b03a48', '#7a5ea8'][i]}"/>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SCREEN.width}" height="${SCREEN.height}">
    <defs>
      <linearGradient id="band" x1="0" x2="1"><stop offset="0" stop-color="#1e3c72"/><stop offset="1" stop-color="#2a5298"/></linearGradient>
      <marker id="arrow" markerWidth="10" markerHeight="10" refX="5" refY="5" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker>
    </defs>
    <rect width="100%" height="100%" fill="#fbfbf7"/>
    <rect width="100%" height="170" fill="url(#band)"/>
    <text x="100" y="110" font-size="64" font-weight="bold" font-family="DejaVu Sans" fill="#fff">${svgText(slide.title)}</text>
    ${bullets}
    ${boxes}
    <line x1="120" y1="1012" x2="720" y2="1012" stroke="#333" stroke-width="3"/>
    ${bars}
    <text x="1800" y="1050" font-size="24" font-family="DejaVu Sans" fill="#888">${number}</text>
  </svg>`;
}

export async function createSlidesScenario(): Promise<Scenario> {
  const slides: Raster[] = [];
  for (const [index, slide] of DECK.entries()) slides.push(await renderSvg(slideSvg(slide, index + 1)));
  let tick = 0;
  return {
    name: 'slides',
    description: `lecture slides, unchanged, next slide every ${SLIDE_TICKS / 10} s`,
    screenContent: true,
    next() {
      const slide = slides[Math.floor(tick / SLIDE_TICKS) % slides.length]!;
      // A capture hands over a fresh buffer even when nothing moved.
      return screenFrame(Buffer.from(slide.data), tick++);
    },
  };
}
