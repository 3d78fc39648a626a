/**
 * Decode in the renderer, measured (issue 4, item 4): a 1080p keyframe and a typical delta atlas
 * of the typing scenario, and a many-tile atlas of the scrolling scenario, each decoded and drawn
 * (atlases tile by tile, as the viewer does) in Debian's Chromium (playwright-core) with the
 * methods of decode-page.ts, in turns, so load hits them alike. Baseline: <img> + drawImage.
 */
import { createEncoder, createFrameEncoder, type EncodedFrame } from '@classcast/codec';
import { decodeDeltaContainer, MIME_TYPE } from '@classcast/protocol';
import { chromium } from 'playwright-core';
import { progress } from '../progress.js';
import { SCENARIOS } from '../scenarios/index.js';
import { summarize, type Summary } from '../stats.js';
import { DECODE_METHODS, decodeInPage, type DecodeMethod, type DrawRect, type PageRun } from './decode-page.js';

export interface DecodeFigures {
  browser: string;
  picture: 'keyframe 1080p' | 'delta atlas' | 'many-tile atlas';
  /** drawImage calls per picture (1 for a keyframe, one per tile for an atlas). */
  draws: number;
  bytes: number;
  method: DecodeMethod;
  /** Undefined when the browser lacks the method (its reason in `unavailable`). */
  wallMs?: Summary;
  mainThreadMs?: Summary;
  longestStallMs?: number;
  unavailable?: string;
}

const CHROMIUM = process.env.CLASSCAST_CHROMIUM ?? '/usr/bin/chromium';
const PAGE_ORIGIN = 'https://decode-bench.test';

export async function runDecodeBench(rounds: number): Promise<DecodeFigures[]> {
  const pictures = await typingPictures();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'], headless: true });
  try {
    const page = await browser.newPage();
    // A secure origin (answered here, no network): WebCodecs exists only in secure contexts.
    await page.route(`${PAGE_ORIGIN}/`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>decode bench</title>' }),
    );
    await page.goto(`${PAGE_ORIGIN}/`);
    const figures: DecodeFigures[] = [];
    const shown = progress('decode in chromium', rounds * pictures.length * DECODE_METHODS.length);
    let done = 0;
    for (const picture of pictures) {
      const runs = new Map<DecodeMethod, PageRun[]>(DECODE_METHODS.map((method) => [method, []]));
      let unavailable: Partial<Record<DecodeMethod, string>> = {};
      for (let round = 0; round < rounds; round += 1) {
        // Each round in another order: no method always runs on a warm (or cold) cache.
        const order = round % 2 === 0 ? DECODE_METHODS : [...DECODE_METHODS].reverse();
        for (const method of order) {
          const run = await page.evaluate(decodeInPage, { method, base64: picture.base64, mime: picture.mime, count: picture.perRound, rects: picture.rects });
          if (typeof run === 'string') unavailable = { ...unavailable, [method]: run };
          else runs.get(method)!.push(run);
          shown.update((done += 1));
        }
      }
      for (const method of DECODE_METHODS) {
        const measured = runs.get(method)!;
        const samples = measured.flatMap((run) => run.samples);
        figures.push({
          browser: browser.version(),
          picture: picture.name,
          draws: picture.rects.length,
          bytes: picture.bytes,
          method,
          ...(samples.length > 0
            ? {
                wallMs: summarize(samples.map((sample) => sample.wallMs)),
                mainThreadMs: summarize(samples.map((sample) => sample.mainThreadMs)),
                longestStallMs: Math.max(...measured.map((run) => run.longestStallMs)),
              }
            : { unavailable: unavailable[method] ?? 'no samples' }),
        });
      }
    }
    shown.done();
    return figures;
  } finally {
    await browser.close();
  }
}

/** A keyframe and a 2-second-in delta atlas of the typing scenario, and the largest delta atlas of the first 60 scrolling frames. */
async function typingPictures() {
  const scenario = await SCENARIOS.typing();
  const encoder = createFrameEncoder();
  const first = await scenario.next();
  const key = await createEncoder().encode(first);
  await encoder.encode(first);
  let delta: EncodedFrame | undefined;
  for (let tick = 1; tick <= 20; tick += 1) delta = await encoder.encode(await scenario.next());
  if (delta?.kind !== 'delta') throw new Error(`the typing scenario gave a ${delta?.kind} frame, not a delta`);
  const many = await largestScrollingDelta();
  return [
    {
      name: 'keyframe 1080p' as const,
      bytes: key.bytes.length,
      base64: key.bytes.toString('base64'),
      mime: MIME_TYPE[key.codec],
      perRound: 10,
      rects: [[0, 0, key.width, key.height]] as DrawRect[],
    },
    atlasPicture('delta atlas', delta, 40),
    atlasPicture('many-tile atlas', many, 10),
  ];
}

async function largestScrollingDelta(): Promise<Exclude<EncodedFrame, { kind: 'unchanged' }>> {
  const scenario = await SCENARIOS.scrolling();
  const encoder = createFrameEncoder();
  let largest: Exclude<EncodedFrame, { kind: 'unchanged' }> | undefined;
  for (let tick = 0; tick < 60; tick += 1) {
    const encoded = await encoder.encode(await scenario.next());
    if (encoded.kind === 'delta' && encoded.changedTiles > (largest?.changedTiles ?? 0)) largest = encoded;
  }
  if (!largest) throw new Error('the scrolling scenario gave no delta in 60 frames');
  return largest;
}

/** A delta's largest picture as the viewer draws it: one drawImage per rect, from its place in the picture. */
function atlasPicture(name: 'delta atlas' | 'many-tile atlas', delta: Exclude<EncodedFrame, { kind: 'unchanged' }>, perRound: number) {
  const container = decodeDeltaContainer(delta.bytes, delta);
  const index = container.pictures.reduce((best, picture, i) => (picture.bytes.length > container.pictures[best]!.bytes.length ? i : best), 0);
  const picture = container.pictures[index];
  if (!picture) throw new Error(`the ${name} delta has no picture (copies only)`);
  const rects = container.rects.filter((rect) => rect.picture === index).map((rect): DrawRect => [rect.atlasX, rect.atlasY, rect.width, rect.height]);
  return { name, bytes: picture.bytes.length, base64: Buffer.from(picture.bytes).toString('base64'), mime: MIME_TYPE[picture.codec], perRound, rects };
}
