/**
 * The encoder: raw frames in, JPEG / WebP / PNG bytes out, with sharp (libvips).
 *
 * Settings chosen for live screens, 1080p at 10+ fps on one core (measured with sharp 0.35, libvips 8.18):
 * - JPEG keeps full-resolution colour (4:4:4). Screens are text and thin coloured lines; 4:2:0
 *   smears red and blue text (measured on a text slide at q75: 36.5 dB with 4:4:4 against 32.1 dB
 *   with 4:2:0) for ~25% more bytes. Huffman optimisation is off: it doubled the encode time for
 *   7% fewer bytes. mozjpeg is opt-in for the same reason.
 * - WebP uses effort 0: every higher effort cost 15-150% more time for at most 25% fewer bytes.
 * - PNG uses zlib level 3: within a few % of level 6's size at about 70% of its time.
 * Alpha is dropped before encoding: a screen is opaque, and alpha only costs bytes and time.
 */
import type { ImageCodec } from '@classcast/protocol';
import sharp, { type Sharp } from 'sharp';
import { resolveEncoderOptions, scaledSize, type EncoderOptions, type EncoderSettings } from './encoder-options.js';
import { toPackedRgb } from './pixel-order.js';
import { assertRawFrame, type RawFrame } from './raw-frame.js';

export interface EncodedPicture {
  bytes: Buffer;
  codec: ImageCodec;
  /** Size of the encoded picture, after scaling. */
  width: number;
  height: number;
}

export interface Encoder {
  readonly settings: EncoderSettings;
  /** Throws CodecError CC_CODEC_BAD_FRAME for a frame whose buffer does not match its size. */
  encode(frame: RawFrame): Promise<EncodedPicture>;
}

const WRITE: Record<ImageCodec, (image: Sharp, settings: EncoderSettings) => Sharp> = {
  jpeg: (image, { quality, mozjpeg }) => image.jpeg({ quality, chromaSubsampling: '4:4:4', optimiseCoding: mozjpeg, mozjpeg }),
  webp: (image, { quality }) => image.webp({ quality, effort: 0 }),
  png: (image) => image.png({ compressionLevel: 3 }),
};

/**
 * Lossless WebP for screen content (text, UI, code): exact, and on anti-aliased text as small as
 * JPEG at q75 or smaller (measured on 64x64 to 1920x40 strips of text: effort 1 gave 25-45% fewer
 * bytes than effort 0 at about the same time; efforts above 1 cost 2-5x the time for 3% less).
 */
const LOSSLESS_WEBP_EFFORT = 1;

/** Throws CodecError CC_CODEC_BAD_OPTIONS at once for bad options, before any frame arrives. */
export function createEncoder(options: EncoderOptions = {}): Encoder {
  const settings = resolveEncoderOptions(options);
  return pictureEncoder(settings, WRITE[settings.codec]);
}

/** Pictures that decode to exactly the pixels given: WebP lossless, whatever codec the lossy pictures use. */
export function createLosslessEncoder(): Encoder {
  const settings = resolveEncoderOptions({ codec: 'webp' });
  return pictureEncoder(settings, (image) => image.webp({ lossless: true, effort: LOSSLESS_WEBP_EFFORT }));
}

function pictureEncoder(settings: EncoderSettings, write: (image: Sharp, settings: EncoderSettings) => Sharp): Encoder {
  return {
    settings,
    async encode(frame) {
      assertRawFrame(frame);
      const { width, height } = frame;
      const size = scaledSize(width, height, settings.scale);
      const resize = size.width !== width || size.height !== height;
      // RGBA at full size goes to sharp as is; anything else is cheaper as packed RGB (see pixel-order).
      let image =
        frame.pixelFormat === 'rgba' && !resize
          ? sharp(frame.data, { raw: { width, height, channels: 4 } }).removeAlpha()
          : sharp(toPackedRgb(frame.data, frame.pixelFormat), { raw: { width, height, channels: 3 } });
      if (resize) image = image.resize(size.width, size.height, { fit: 'fill' });
      const { data, info } = await write(image, settings).toBuffer({ resolveWithObject: true });
      return { bytes: data, codec: settings.codec, width: info.width, height: info.height };
    },
  };
}
