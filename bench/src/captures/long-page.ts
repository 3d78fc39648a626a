/**
 * The long document the `browser-scroll` scene shows: headings, paragraphs, a code block, a
 * fixed toolbar and sidebar (so only the middle pane scrolls), and two pictures made here with
 * sharp (smooth gradients with fine noise, photo-like), all written to `dir`, nothing fetched.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { seededRandom } from '../scenarios/random.js';

const WORDS = 'the of screen student teacher frame tile picture scroll text codec bytes kafka lesson class copy region pixel sharp code'.split(' ');

async function picture(file: string, seed: number): Promise<void> {
  const width = 640;
  const height = 360;
  const random = seededRandom(seed);
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 3;
      const noise = random() * 24;
      data[i] = 80 + 120 * Math.sin((x + seed * 40) / 90) ** 2 + noise;
      data[i + 1] = 60 + 150 * (y / height) + noise;
      data[i + 2] = 140 + 100 * Math.cos((x + y) / 70) + noise;
    }
  }
  await sharp(data, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toFile(file);
}

function paragraph(random: () => number): string {
  const words = Array.from({ length: 60 + Math.floor(random() * 60) }, () => WORDS[Math.floor(random() * WORDS.length)]!);
  return `<p>${words.join(' ')}.</p>`;
}

const CODE = `async function encode(frame) {
  const changed = findChangedTiles(previous, frame);
  for (const tile of changed) {
    atlas.add(await compress(tile));
  }
  return atlas.pack();
}`;

/** Writes page.html (and its pictures) into `dir`; returns its path. */
export async function writeLongPage(dir: string): Promise<string> {
  await picture(path.join(dir, 'a.jpg'), 1);
  await picture(path.join(dir, 'b.jpg'), 2);
  const random = seededRandom(12);
  const sections = Array.from({ length: 14 }, (_, i) => {
    const extra = i === 2 ? `<pre>${CODE}</pre>` : i === 4 ? '<img src="a.jpg">' : i === 9 ? '<img src="b.jpg">' : '';
    return `<h2>${i + 1}. Section about ${WORDS[i]!}</h2>${paragraph(random)}${extra}${paragraph(random)}${paragraph(random)}`;
  }).join('');
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Lesson notes</title><style>
body { margin: 0; font: 18px/1.5 "DejaVu Serif", serif; color: #222; background: #fff; }
header { position: fixed; top: 0; left: 0; right: 0; height: 56px; background: #24415f; color: #fff; font: bold 22px "DejaVu Sans"; padding: 14px 24px; box-sizing: border-box; }
nav { position: fixed; top: 56px; left: 0; bottom: 0; width: 280px; background: #f1f3f5; padding: 20px; box-sizing: border-box; font: 16px/2 "DejaVu Sans"; }
main { margin: 56px 0 0 280px; padding: 24px 64px; max-width: 1100px; }
pre { background: #1e1e1e; color: #d4d4d4; padding: 16px; font: 16px/1.4 "DejaVu Sans Mono"; }
img { display: block; margin: 16px 0; }
</style></head><body><header>Lesson notes — screen content</header><nav>${Array.from({ length: 14 }, (_, i) => `${i + 1}. Section about ${WORDS[i]!}`).join('<br>')}</nav><main><h1>Lesson notes</h1>${sections}</main></body></html>`;
  const file = path.join(dir, 'page.html');
  await writeFile(file, html);
  return file;
}
