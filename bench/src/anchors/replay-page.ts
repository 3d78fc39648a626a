/**
 * What runs inside Chromium to time a student's decode and draw of a whole encoded stream
 * (serialised with Function#toString, so it must not close over anything). The stream's bytes
 * are fetched from `url`; `pictures` says where each picture lies in them.
 *
 *   webcodecs  H.264 / VP9 chunks through a WebCodecs VideoDecoder (optimizeForLatency: one
 *              picture in, one out), each VideoFrame drawn to a 1920x1080 canvas
 *   images     classcast's frames as its viewer draws them: createImageBitmap of each picture
 *              (decoded off the main thread), then the copies (drawImage of the canvas onto
 *              itself), then drawImage of each rect of each picture
 *
 * Each picture is timed from handing over its bytes to the drawn canvas (getImageData of one
 * pixel forces the deferred canvas work), one picture at a time, as frames arrive live.
 */
/** [sx, sy, w, h, dx, dy] */
export type DrawnRect = [number, number, number, number, number, number];

/** images: one encoded picture of a frame, where its bytes lie, and the rects drawn from it. */
export interface ReplayImage {
  offset: number;
  length: number;
  mime: string;
  rects: DrawnRect[];
}

export interface ReplayPicture {
  /** webcodecs: where the chunk lies in the stream. */
  offset: number;
  length: number;
  key: boolean;
  /** images: the canvas's copies of itself first (a scroll), then each picture's rects. */
  copies?: DrawnRect[];
  images?: ReplayImage[];
}

export interface ReplayRequest {
  url: string;
  method: 'webcodecs' | 'images';
  /** webcodecs: the codec string. */
  codec?: string;
  pictures: ReplayPicture[];
}

/** Ms per picture, or why the browser cannot decode the stream. */
export async function replayInPage({ url, method, codec, pictures }: ReplayRequest): Promise<number[] | string> {
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const canvas = document.createElement('canvas');
  canvas.width = 1920;
  canvas.height = 1080;
  const context = canvas.getContext('2d', { alpha: false })!;
  const samples: number[] = [];
  if (method === 'images') {
    for (const picture of pictures) {
      const start = performance.now();
      const bitmaps: ImageBitmap[] = [];
      for (const image of picture.images!) {
        bitmaps.push(await createImageBitmap(new Blob([bytes.subarray(image.offset, image.offset + image.length)], { type: image.mime })));
      }
      for (const [sx, sy, w, h, dx, dy] of picture.copies ?? []) context.drawImage(canvas, sx, sy, w, h, dx, dy, w, h);
      picture.images!.forEach((image, i) => {
        for (const [sx, sy, w, h, dx, dy] of image.rects) context.drawImage(bitmaps[i]!, sx, sy, w, h, dx, dy, w, h);
      });
      context.getImageData(0, 0, 1, 1);
      for (const bitmap of bitmaps) bitmap.close();
      samples.push(performance.now() - start);
    }
    return samples;
  }
  if (!('VideoDecoder' in globalThis)) return 'WebCodecs VideoDecoder is not available in this browser';
  const config = { codec: codec!, codedWidth: 1920, codedHeight: 1080, optimizeForLatency: true };
  const support = await VideoDecoder.isConfigSupported(config).catch((error: unknown) => ({ supported: false, error }));
  if (!support.supported) return `VideoDecoder does not support ${codec} here${'error' in support ? `: ${String(support.error)}` : ''}`;
  const waiting: ((frame: VideoFrame) => void)[] = [];
  let failure: string | undefined;
  const decoder = new VideoDecoder({
    output: (frame) => {
      const take = waiting.shift();
      if (take) take(frame);
      else frame.close();
    },
    error: (error) => (failure = String(error)),
  });
  decoder.configure(config);
  for (const [index, picture] of pictures.entries()) {
    const start = performance.now();
    const output = new Promise<VideoFrame>((resolve) => waiting.push(resolve));
    const data = bytes.subarray(picture.offset, picture.offset + picture.length);
    decoder.decode(new EncodedVideoChunk({ type: picture.key ? 'key' : 'delta', timestamp: index * 100_000, data }));
    // A decoder that holds a picture back for the next one would stall here: flush it out.
    const timer = setTimeout(() => void decoder.flush().catch(() => undefined), 2000);
    const frame = await Promise.race([output, new Promise<undefined>((resolve) => setTimeout(resolve, 10_000))]);
    clearTimeout(timer);
    if (!frame) return `no picture out of the decoder for chunk ${index}${failure ? `: ${failure}` : ''}`;
    context.drawImage(frame, 0, 0);
    context.getImageData(0, 0, 1, 1);
    frame.close();
    samples.push(performance.now() - start);
  }
  decoder.close();
  return failure ?? samples;
}
