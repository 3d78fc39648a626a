/**
 * Decode in the renderer, measured (issue 4, item 4): a 1080p keyframe and a typical delta atlas
 * of the typing scenario, each decoded and drawn in Debian's Chromium (playwright-core) with the
 * three methods of decode-page.ts, in turns, so load hits them alike. Baseline: <img> + drawImage.
 */
import { createEncoder, createFrameEncoder, type EncodedFrame } from '@classcast/codec';
import { decodeTileContainer, MIME_TYPE } from '@classcast/protocol';
import { chromium } from 'playwright-core';
import { progress } from '../progress.js';
import { SCENARIOS } from '../scenarios/index.js';
import { summarize, type Summary } from '../stats.js';
import { DECODE_METHODS, decodeInPage, type DecodeMethod, type PageRun } from './decode-page.js';

export interface DecodeFigures {
  browser: string;
  picture: 'keyframe 1080p' | 'delta atlas';
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
    await page.route(`${PAGE_ORIGIN}/`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>decode bench</title>' }));
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
          const run = await page.evaluate(decodeInPage, { method, base64: picture.base64, mime: picture.mime, count: picture.perRound });
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

/** A keyframe and a 2-second-in delta atlas of the typing scenario, as the teacher encodes them. */
async function typingPictures() {
  const scenario = await SCENARIOS.typing();
  const encoder = createFrameEncoder();
  const first = scenario.next();
  const key = await createEncoder().encode(first);
  await encoder.encode(first);
  let delta: EncodedFrame | undefined;
  for (let tick = 1; tick <= 20; tick += 1) delta = await encoder.encode(scenario.next());
  if (delta?.kind !== 'delta') throw new Error(`the typing scenario gave a ${delta?.kind} frame, not a delta`);
  const atlas = decodeTileContainer(delta.bytes, delta).atlas;
  return [
    { name: 'keyframe 1080p' as const, bytes: key.bytes.length, base64: key.bytes.toString('base64'), mime: MIME_TYPE[key.codec], perRound: 10 },
    { name: 'delta atlas' as const, bytes: atlas.length, base64: Buffer.from(atlas).toString('base64'), mime: MIME_TYPE[delta.codec], perRound: 40 },
  ];
}
