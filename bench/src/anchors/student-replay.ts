/**
 * The student's decode and draw, in Debian's Chromium (playwright-core), of whole encoded streams
 * of one scenario: the anchors' H.264 / VP9 through WebCodecs, classcast's messages as its viewer
 * draws them (replay-page.ts). The streams are answered from here on a secure origin (WebCodecs
 * exists only in secure contexts), nothing goes over a network.
 */
import { decodeDeltaContainer, MIME_TYPE, type Frame } from '@classcast/protocol';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM } from '../captures/browser-scroll.js';
import { replayInPage, type DrawnRect, type ReplayImage, type ReplayPicture, type ReplayRequest } from './replay-page.js';
import { annexBAccessUnits, avcCodecString, ivfFrames, type StreamChunk } from './stream-chunks.js';

const ORIGIN = 'https://replay-bench.test';

export interface StudentStream {
  name: string;
  /** Ms per picture, or the reason it could not be decoded. */
  result?: number[] | string;
}

export type ReplayInput = { name: string; kind: 'h264' | 'ivf'; stream: Uint8Array } | { name: string; kind: 'classcast'; messages: readonly Frame[] };

/** Decodes and draws each input in one browser, in turn; Chromium missing gives its reason for all. */
export async function replayInChromium(inputs: readonly ReplayInput[]): Promise<Map<string, number[] | string>> {
  const results = new Map<string, number[] | string>();
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'], headless: true });
  } catch (error) {
    for (const input of inputs) results.set(input.name, `Chromium did not start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return results;
  }
  try {
    const page = await browser.newPage();
    const bodies = new Map<string, Buffer>();
    await page.route(`${ORIGIN}/**`, (route) => {
      const body = bodies.get(new URL(route.request().url()).pathname);
      return body
        ? route.fulfill({ status: 200, contentType: 'application/octet-stream', body })
        : route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>replay</title>' });
    });
    await page.goto(`${ORIGIN}/`);
    for (const input of inputs) {
      const { body, request } = prepare(input);
      bodies.set(`/${encodeURIComponent(input.name)}`, body);
      results.set(input.name, await run(page, { ...request, url: `${ORIGIN}/${encodeURIComponent(input.name)}` }));
      bodies.delete(`/${encodeURIComponent(input.name)}`);
    }
  } finally {
    await browser.close();
  }
  return results;
}

async function run(page: Page, request: ReplayRequest): Promise<number[] | string> {
  try {
    return await page.evaluate(replayInPage, request);
  } catch (error) {
    return `the replay failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
}

function prepare(input: ReplayInput): { body: Buffer; request: Omit<ReplayRequest, 'url'> } {
  if (input.kind === 'classcast') return classcastPictures(input.messages);
  const chunks = input.kind === 'h264' ? annexBAccessUnits(input.stream) : ivfFrames(input.stream);
  const codec = input.kind === 'h264' ? avcCodecString(input.stream) : 'vp09.00.41.08';
  return {
    body: Buffer.from(input.stream.buffer, input.stream.byteOffset, input.stream.byteLength),
    request: { method: 'webcodecs', codec, pictures: placed(input.stream, chunks) },
  };
}

function placed(stream: Uint8Array, chunks: readonly StreamChunk[]): ReplayPicture[] {
  return chunks.map((chunk) => ({ offset: chunk.data.byteOffset - stream.byteOffset, length: chunk.data.length, key: chunk.key }));
}

/**
 * classcast's key and delta messages as the viewer draws them: a keyframe whole; a delta's copies
 * (the canvas onto itself), then each of its pictures' rects at their places.
 */
function classcastPictures(messages: readonly Frame[]): { body: Buffer; request: Omit<ReplayRequest, 'url'> } {
  const parts: Uint8Array[] = [];
  const pictures: ReplayPicture[] = [];
  let offset = 0;
  const place = (bytes: Uint8Array, mime: string, rects: DrawnRect[]): ReplayImage => {
    parts.push(bytes);
    offset += bytes.length;
    return { offset: offset - bytes.length, length: bytes.length, mime, rects };
  };
  for (const message of messages) {
    const { width, height } = message;
    if (message.kind === 'key') {
      pictures.push({ offset: 0, length: 0, key: true, images: [place(message.payload, MIME_TYPE[message.codec], [[0, 0, width, height, 0, 0]])] });
    } else if (message.kind === 'delta') {
      const delta = decodeDeltaContainer(message.payload, message);
      const images = delta.pictures.map((picture, index) =>
        place(
          picture.bytes,
          MIME_TYPE[picture.codec],
          delta.rects
            .filter((rect) => rect.picture === index)
            .map((rect): DrawnRect => [rect.atlasX, rect.atlasY, rect.width, rect.height, rect.frameX, rect.frameY]),
        ),
      );
      const copies = delta.copies.map((copy): DrawnRect => [copy.sourceX, copy.sourceY, copy.width, copy.height, copy.targetX, copy.targetY]);
      pictures.push({ offset: 0, length: 0, key: false, copies, images });
    }
  }
  return { body: Buffer.concat(parts), request: { method: 'images', pictures } };
}
