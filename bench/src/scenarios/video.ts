/**
 * Full-motion video: a camera pan across a colourful scene (large gradients and soft shapes,
 * rendered once at 1.4x the screen) plus film grain, so every pixel changes every frame.
 */
import { seededRandom } from './random.js';
import { blankRaster, copyRect, renderSvg } from './raster.js';
import { SCREEN, screenFrame, type Scenario } from './scenario.js';

const SCENE = { width: 2688, height: 1512 } as const;
// Grain flips the low 3 bits of each colour channel: ±7 levels, like a noisy camera.
const GRAIN_MASK = 0x00070707;

function sceneSvg(): string {
  const random = seededRandom(11);
  const blobs = Array.from({ length: 24 }, (_, i) => {
    const [x, y, r] = [random() * SCENE.width, random() * SCENE.height, 80 + random() * 260];
    return `<circle cx="${x.toFixed(0)}" cy="${y.toFixed(0)}" r="${r.toFixed(0)}" fill="url(#blob${i % 4})"/>`;
  }).join('');
  const stops = ['#ff6b6b', '#ffd93d', '#6bcb77', '#4d96ff'];
  const gradients = stops
    .map(
      (colour, i) =>
        `<radialGradient id="blob${i}"><stop offset="0" stop-color="${colour}" stop-opacity="0.9"/><stop offset="1" stop-color="${colour}" stop-opacity="0"/></radialGradient>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SCENE.width}" height="${SCENE.height}">
    <defs>
      <linearGradient id="sky" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#0f2027"/><stop offset="0.5" stop-color="#2c5364"/><stop offset="1" stop-color="#e96443"/></linearGradient>
      ${gradients}
    </defs>
    <rect width="100%" height="100%" fill="url(#sky)"/>
    ${blobs}
  </svg>`;
}

export async function createVideoScenario(): Promise<Scenario> {
  const scene = await renderSvg(sceneSvg());
  const random = seededRandom(13);
  const pixels = SCREEN.width * SCREEN.height;
  const grain = Uint32Array.from({ length: pixels + 65_536 }, () => (random() * 0x1_0000_0000) & GRAIN_MASK);
  const span = { x: SCENE.width - SCREEN.width, y: SCENE.height - SCREEN.height };
  let tick = 0;
  return {
    name: 'video',
    description: 'camera pan over gradients and soft shapes, with grain: every pixel changes',
    screenContent: false,
    next() {
      const x = Math.round((span.x / 2) * (1 + Math.sin(tick / 37)));
      const y = Math.round((span.y / 2) * (1 + Math.sin(tick / 23)));
      const screen = blankRaster(SCREEN.width, SCREEN.height);
      copyRect(scene, { x, y, width: SCREEN.width, height: SCREEN.height }, screen, 0, 0);
      const words = new Uint32Array(screen.data.buffer, screen.data.byteOffset, pixels);
      const shift = Math.floor(random() * 65_536);
      for (let i = 0; i < pixels; i += 1) words[i] = words[i]! ^ grain[i + shift]!;
      return screenFrame(screen.data, tick++);
    },
  };
}
