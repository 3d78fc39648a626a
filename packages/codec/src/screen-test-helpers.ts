/**
 * Test support (not exported): a screen-like picture to encode in tests — a title bar gradient,
 * coloured lines as thin as text strokes, shapes and some text — rendered with sharp from SVG.
 * It is meaningful without fonts too, so PSNR checks do not depend on the machine's fonts.
 */
import sharp from 'sharp';
import type { RawFrame } from './raw-frame.js';

export async function renderTestScreen(width = 640, height = 360): Promise<RawFrame> {
  const lines = Array.from({ length: 12 }, (_, i) => {
    const y = 80 + i * 22;
    const colour = ['#222222', '#cc0000', '#0033cc'][i % 3];
    return `<rect x="30" y="${y}" width="${200 + ((i * 37) % 160)}" height="2" fill="${colour}"/>
      <text x="30" y="${y - 4}" font-size="14" font-family="sans-serif" fill="${colour}">Line ${i}: photosynthesis, ATP &amp; NADPH</text>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 640 360" preserveAspectRatio="none">
    <defs><linearGradient id="bar" x1="0" x2="1"><stop offset="0" stop-color="#1e3c72"/><stop offset="1" stop-color="#e8f0ff"/></linearGradient></defs>
    <rect width="640" height="360" fill="#fdfdf8"/>
    <rect width="640" height="50" fill="url(#bar)"/>
    <text x="20" y="35" font-size="28" font-family="sans-serif" fill="#ffffff">Lesson 7 — the leaf</text>
    ${lines}
    <circle cx="500" cy="200" r="90" fill="#33aa77"/>
    <rect x="430" y="300" width="160" height="40" fill="#ffcc00" stroke="#000000" stroke-width="2"/>
  </svg>`;
  const { data, info } = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, pixelFormat: 'rgba', capturedAt: 1_764_000_000_000 };
}

/** The same picture with its bytes in BGRA order, as some platforms' captures deliver it. */
export function toBgra(frame: RawFrame): RawFrame {
  const data = Buffer.from(frame.data);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = frame.data[i + 2]!;
    data[i + 2] = frame.data[i]!;
  }
  return { ...frame, data, pixelFormat: 'bgra' };
}
