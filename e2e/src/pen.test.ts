/**
 * The teacher's pen in the browser: a real teacher stream on the real broker, marks written with
 * createAnnotationWriter (as the teacher app's main does), a real gateway, the student page in
 * Debian's Chromium. Checked in the screenshot's pixels: the stroke lies over the picture at the
 * right place and, at two window sizes, as thick as its width at that scale (vectors, never the
 * picture's pixels scaled); the highlighter is see-through; the pointer is a dot. A late joiner
 * sees the board; erase and clear take marks away; a jump back to before a stroke hides it and
 * the replay brings it back as its time passes. Garbage and a million-point stroke on the topic
 * are skipped and the page stays clean.
 */
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test, vi } from 'vitest';
import kafkajs from 'kafkajs';
import { createAnnotationWriter, createKafkaClient, type AnnotationWriter } from '@classcast/kafka';
import { annotationTopic, type Annotation } from '@classcast/protocol';
import { openClassroom, type Classroom } from './classroom.js';
import { badgeText, joinClass, openStudentPage, saveScreenshot, shownCounter } from './student-page.js';
import { PATTERN, startTestTeacher, type TestTeacher } from './test-teacher.js';

const connection = { brokers: inject('kafkaBrokers') };
const classId = `pen-${Date.now()}`;
let classroom: Classroom;
let teacher: TestTeacher;
let pen: AnnotationWriter;

beforeAll(async () => {
  classroom = await openClassroom(connection);
  teacher = await startTestTeacher({ connection, classId, fps: 4, screen: 'still' });
  pen = createAnnotationWriter({ connection, classId });
  await pen.start();
});
afterAll(async () => {
  await pen?.stop();
  await teacher?.stop();
  await classroom?.close();
});

const RED = [229, 57, 53] as const;
/** A thick red line across the middle of the picture: 2% of its width. */
const redLine: Annotation = { type: 'stroke', id: 'red', tool: 'pen', color: '#e53935', width: 0.02, points: [0.2, 0.5, 0.8, 0.5] };
const highlight: Annotation = { type: 'stroke', id: 'glow', tool: 'highlighter', color: '#00ff00', width: 0.05, points: [0.2, 0.8, 0.8, 0.8] };
const late: Annotation = { type: 'stroke', id: 'late', tool: 'pen', color: '#1e88e5', width: 0.01, points: [0.1, 0.2, 0.9, 0.2] };

/** Where the picture is on the page (the overlay lies exactly over it). */
async function pictureBox(page: Page) {
  return (await page.locator('.cc-annotations').boundingBox())!;
}

/** The screenshot's pixels: rgb at a page point, and the run of pixels like `colour` down a column. */
async function screenPixels(page: Page) {
  const { data, info } = await sharp(await page.screenshot())
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number) => {
    const i = (Math.round(y) * info.width + Math.round(x)) * 3;
    return [data[i]!, data[i + 1]!, data[i + 2]!];
  };
  const near = (pixel: number[], colour: readonly number[]) => pixel.every((value, c) => Math.abs(value - colour[c]!) <= 12);
  return {
    at,
    near,
    /** How many pixels of the column at x, from y0 to y1, are `colour`. */
    run(x: number, y0: number, y1: number, colour: readonly number[]) {
      let count = 0;
      for (let y = Math.round(y0); y <= y1; y += 1) if (near(at(x, y), colour)) count += 1;
      return count;
    },
  };
}

const strokesShown = (page: Page) => page.locator('.cc-annotations path').evaluateAll((paths) => paths.map((path) => path.getAttribute('data-stroke')));

test('strokes over the picture at every scale, a late joiner, erase, clear, and the replay in step', { timeout: 180_000 }, async () => {
  // Two seconds of lesson before the first mark: the replay has a moment without marks to go back to.
  await vi.waitFor(() => expect(teacher.sent.length).toBeGreaterThanOrEqual(8), { timeout: 30_000, interval: 100 });
  await pen.draw('screen-0', redLine);
  // Garbage from any Kafka tool, and a million-point stroke: skipped, the marks around them drawn.
  const producer = createKafkaClient(connection).producer();
  await producer.connect();
  const million = `{"v":1,"type":"stroke","id":"huge","tool":"pen","color":"#000000","width":0.01,"points":[${'0.5,'.repeat(1_999_999)}0.5]}`;
  await producer.send({
    topic: annotationTopic(classId),
    messages: [
      { key: 'screen-0', value: Buffer.from([0xff, 0xfe, 0]) },
      { key: 'screen-0', value: '{"v":1' },
    ],
  });
  await producer.send({ topic: annotationTopic(classId), compression: kafkajs.CompressionTypes.GZIP, messages: [{ key: 'screen-0', value: million }] });
  await producer.disconnect();
  await pen.draw('screen-0', highlight);
  await pen.draw('screen-0', { type: 'pointer', x: 0.9, y: 0.9 });

  const { page, errors } = await openStudentPage(classroom.browser, classroom.gateway.url);
  await joinClass(page, classId, 'ada');
  await vi.waitFor(async () => expect(await shownCounter(page)).toBe(7), { timeout: 30_000, interval: 100 });
  await expect.poll(() => strokesShown(page), { timeout: 20_000 }).toEqual(['red', 'glow']);

  for (const viewport of [
    { width: 1024, height: 640 },
    { width: 700, height: 900 },
  ]) {
    await page.setViewportSize(viewport);
    await expect.poll(async () => (await pictureBox(page)).width, { timeout: 5000 }).toBeLessThanOrEqual(viewport.width);
    const box = await pictureBox(page);
    expect(box.width / box.height).toBeCloseTo(PATTERN.width / PATTERN.height, 1);
    const pixels = await screenPixels(page);
    const middle = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    expect(pixels.at(middle.x, middle.y), `the red line at ${viewport.width}x${viewport.height}`).toSatisfy((pixel: number[]) => pixels.near(pixel, RED));
    // As thick as 2% of the picture's width at this scale, with no blur around it.
    const thickness = pixels.run(middle.x, middle.y - 30, middle.y + 30, RED);
    expect(Math.abs(thickness - box.width * 0.02), `thickness ${thickness} at width ${box.width}`).toBeLessThanOrEqual(2);
    // Outside the stroke's ends: the picture, untouched.
    expect(pixels.near(pixels.at(box.x + box.width * 0.1, middle.y), RED)).toBe(false);
    // The highlighter: green, but mixed with the picture under it (see-through).
    const glow = pixels.at(box.x + box.width / 2, box.y + box.height * 0.8);
    expect(glow[1]!).toBeGreaterThan(glow[0]! + 40);
    expect(pixels.near(glow, [0, 255, 0])).toBe(false);
    // The pointer: a red dot.
    expect(pixels.near(pixels.at(box.x + box.width * 0.9, box.y + box.height * 0.9), [255, 23, 68])).toBe(true);
    await saveScreenshot(page, `pen-${viewport.width}x${viewport.height}`);
  }
  // At actual size too: the overlay follows the picture.
  await page.getByRole('button', { name: 'Actual size' }).click();
  await expect.poll(async () => Math.round((await pictureBox(page)).width)).toBe(PATTERN.width);

  // A late joiner sees the board as it stands.
  const bob = await openStudentPage(classroom.browser, classroom.gateway.url);
  await joinClass(bob.page, classId, 'bob');
  await expect.poll(() => strokesShown(bob.page), { timeout: 30_000 }).toEqual(['red', 'glow']);
  await bob.page.close();

  await pen.draw('screen-0', { type: 'erase', id: 'red' });
  await expect.poll(() => strokesShown(page), { timeout: 10_000 }).toEqual(['glow']);
  await pen.draw('screen-0', { type: 'clear' });
  await pen.draw('screen-0', { type: 'pointer', x: null, y: null });
  await expect.poll(() => page.locator('.cc-annotations').count(), { timeout: 10_000 }).toBe(0);
  await pen.draw('screen-0', late);
  await expect.poll(() => strokesShown(page), { timeout: 10_000 }).toEqual(['late']);

  // Back to one second into the lesson: no mark yet then. Replaying on, they come back in the order drawn.
  await page.getByLabel('Jump to').fill('0:01');
  await page.getByRole('button', { name: 'Go' }).click();
  await expect.poll(() => badgeText(page), { timeout: 20_000 }).toBe('replay');
  await expect.poll(() => page.locator('.cc-annotations path').count(), { timeout: 10_000 }).toBe(0);
  const seen: string[] = [];
  await vi.waitFor(
    async () => {
      const now = (await strokesShown(page)).join(',');
      if (seen.at(-1) !== now) seen.push(now);
      expect(now).toBe('late');
    },
    { timeout: 60_000, interval: 100 },
  );
  expect(await badgeText(page)).toBe('replay');
  expect(seen).toEqual(expect.arrayContaining(['red,glow', 'late']));
  expect(seen.indexOf('red,glow')).toBeLessThan(seen.indexOf('late'));
  await saveScreenshot(page, 'pen-replay');
  expect(errors).toEqual([]);
  await page.close();
});
