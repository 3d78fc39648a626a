/**
 * `classcast export` with the teacher's marks: pictures and strokes written at known times to a
 * real broker, the exported frames decoded back and their pixels checked.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, type PDFPage } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { createAnnotationWriter, createBroadcaster } from '@classcast/kafka';
import { annotationTopic, type Annotation } from '@classcast/protocol';
import { uniqueClassId } from '@classcast/kafka/testing';
import { classcastOk } from './test-helpers.js';

const brokers = inject('kafkaBrokers');
const classId = uniqueClassId('export-marks');
const WIDTH = 160;
const HEIGHT = 90;
const RED: Annotation = { type: 'stroke', id: 'line', tool: 'pen', color: '#ff0000', width: 0.05, points: [0.1, 0.5, 0.9, 0.5] };
let work = '';
let from = '';
/** When each picture was captured and each mark drawn (the broker's timestamps of the writer's clock). */
const times = { pictures: [] as number[], drawn: 0, erased: 0, redrawn: 0, cleared: 0 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ok = (args: string[]) => classcastOk(args, brokers.join(','));

async function plainPicture(grey: number): Promise<Buffer> {
  return sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background: { r: grey, g: grey, b: grey } } })
    .png()
    .toBuffer();
}

/** Whether the middle of the picture (where the red line runs) is red. */
function redInMiddle(rgba: Uint8Array, width = WIDTH, height = HEIGHT): boolean {
  const at = (Math.floor(height / 2) * width + Math.floor(width / 2)) * 4;
  return rgba[at]! > 180 && rgba[at + 1]! < 110 && rgba[at + 2]! < 110;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'classcast-export-marks-'));
  from = new Date(Date.now() - 2000).toISOString();
  const teacher = createBroadcaster({ connection: { brokers }, classId });
  const pen = createAnnotationWriter({ connection: { brokers }, classId });
  await teacher.start();
  await pen.start();
  const pictures = [await plainPicture(255), await plainPicture(245)];
  const show = async (i: number) => {
    const now = Date.now();
    times.pictures.push(now);
    const sequence = teacher.nextSequence;
    await teacher.send({
      kind: 'key',
      codec: 'png',
      width: WIDTH,
      height: HEIGHT,
      sequence,
      captureTime: now,
      keySequence: sequence,
      keyCaptureTime: now,
      payload: pictures[i % 2]!,
    });
  };
  const mark = async (annotation: Annotation) => {
    const before = Date.now();
    await pen.draw('screen-0', annotation);
    return before;
  };
  // Picture 0 | line drawn | picture 1 | line erased | picture 2 | line again | cleared | picture 3
  await show(0);
  await sleep(600);
  times.drawn = await mark(RED);
  await sleep(600);
  await show(1);
  await sleep(600);
  times.erased = await mark({ type: 'erase', id: 'line' });
  await sleep(600);
  await show(2);
  await sleep(600);
  times.redrawn = await mark(RED);
  await sleep(600);
  times.cleared = await mark({ type: 'clear' });
  await sleep(600);
  await show(3);
  await teacher.stop();
  await pen.stop();
}, 60_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** The video's frames as RGBA, decoded by ffmpeg. */
async function videoFrames(file: string): Promise<Uint8Array[]> {
  const { stdout } = await promisify(execFile)('ffmpeg', ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], {
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
  });
  const size = WIDTH * HEIGHT * 4;
  return Array.from({ length: stdout.length / size }, (_, i) => stdout.subarray(i * size, (i + 1) * size));
}

/** The video frame index (at `fps`) of a time on the lesson's clock. */
const frameAt = (time: number, fps: number) => Math.round(((time - times.pictures[0]!) * fps) / 1000);

test('mp4: a red stroke is burnt in from when it was drawn until it was erased, and from when it was drawn again until the clear', async () => {
  const out = join(work, 'marks.mp4');
  await ok(['export', '--class', classId, '--from', from, '--format', 'mp4', '--out', out, '--fps', '10']);
  const frames = await videoFrames(out);
  expect(frames.length).toBe(frameAt(times.pictures[3]!, 10) + 1);
  const red = frames.map((frame) => redInMiddle(frame));
  // Two frames of margin around each mark: its timestamp is a few ms after the time taken before it.
  for (const [i, isRed] of red.entries()) {
    const time = times.pictures[0]! + i * 100;
    const near = (mark: number) => Math.abs(time - mark) <= 200;
    if ([times.drawn, times.erased, times.redrawn, times.cleared].some(near)) continue;
    const shouldBe = (time > times.drawn && time < times.erased) || (time > times.redrawn && time < times.cleared);
    expect(isRed, `frame ${i} at +${i * 100} ms`).toBe(shouldBe);
  }
  expect(red.filter(Boolean).length).toBeGreaterThanOrEqual(8);
});

test('gif: the stroke is there too, and --no-annotations leaves it out', async () => {
  const gif = join(work, 'marks.gif');
  await ok(['export', '--class', classId, '--from', from, '--format', 'gif', '--out', gif, '--fps', '10']);
  const withMarks = await videoFrames(gif);
  expect(redInMiddle(withMarks[frameAt(times.drawn, 10) + 3]!)).toBe(true);
  const plain = join(work, 'plain.mp4');
  await ok(['export', '--class', classId, '--from', from, '--format', 'mp4', '--out', plain, '--fps', '10', '--no-annotations']);
  expect((await videoFrames(plain)).some((frame) => redInMiddle(frame))).toBe(false);
});

test('png: each picture with the marks as they stood at its capture time', async () => {
  const out = join(work, 'pngs');
  await ok(['export', '--class', classId, '--from', from, '--format', 'png', '--out', out]);
  const files = (await readdir(out)).sort();
  expect(files).toHaveLength(4);
  const red = await Promise.all(files.map(async (file) => redInMiddle(await sharp(join(out, file)).ensureAlpha().raw().toBuffer())));
  // Picture 1 came while the line was on the board; the line was gone again by pictures 2 and 3.
  expect(red).toEqual([false, true, false, false]);
});

/** The page's content streams, decoded, as text. */
function pageContent(pdf: PDFDocument, page: PDFPage): string {
  const contents = page.node.Contents();
  const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
  return refs
    .map((ref) => {
      const stream = pdf.context.lookup(ref as never);
      return stream instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1') : '';
    })
    .join('\n');
}

test("pdf: a slide's page has the strokes as they stood just before the next slide, as vectors", async () => {
  const out = join(work, 'marks.pdf');
  expect(await ok(['export', '--class', classId, '--from', from, '--format', 'pdf', '--out', out])).toMatch(/as 4 slides/);
  const pdf = await PDFDocument.load(await readFile(out));
  const pages = pdf.getPages().map((page) => pageContent(pdf, page));
  // A red stroke: "1 0 0 RG", 8 units wide (0.05 of 160), along the middle (y 45 of 90).
  const redLine = /1 0 0 RG[\s\S]*8 w[\s\S]*16 45 m[\s\S]*144 45 l/;
  // Slide 0 ended with the line on it; slide 1 began with it but it was erased before slide 2; slide 2's line was cleared before slide 3.
  expect(pages.map((content) => redLine.test(content))).toEqual([true, false, false, false]);
  expect(pages[0]).toMatch(/1 j/);
});

test('garbage on the annotation topic: the export still runs and says how many messages it skipped, in one line', async () => {
  const producer = new Kafka({ brokers, logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  await producer.send({
    topic: annotationTopic(classId),
    messages: [
      { key: 'screen-0', value: Buffer.from([0xff, 0xfe, 0x00]) },
      { key: 'screen-0', value: '{"v":1,"type":"laser"}' },
    ],
  });
  await producer.disconnect();
  const out = join(work, 'after-garbage.mp4');
  const stderr = await ok(['export', '--class', classId, '--format', 'mp4', '--from', from, '--out', out, '--fps', '10']);
  const lines = stderr.split('\n').filter((line) => /annotation/.test(line));
  expect(lines).toEqual(['skipped 2 messages on the annotation topic that are not annotations (last: unknown annotation type "laser")']);
  expect((await videoFrames(out)).some((frame) => redInMiddle(frame))).toBe(true);
});
