/**
 * The chain rules of a picture: which frames a compositor draws, and onto what. The one state
 * machine behind every compositor — @classcast/codec's (sharp and raw pixels: recorder, export,
 * bench) and @classcast/ui's (ImageBitmap and canvas: the viewer) — generic over the picture
 * decoder and the drawing surface, which each side injects.
 *
 *   key        starts a picture: decode it, reset the surface, the chain builds on it. A refresh
 *              keyframe (cc.refresh) repeating the frame last drawn, at the same size, is not
 *              decoded: the surface already shows it, only the chain moves on to it ('kept')
 *   delta      drawn only onto the picture it was made against (its cc.kseq, its size), else the
 *              caller's missingBase error (the chain stays: the delta is no part of it): every
 *              picture of its container is decoded first, then its copies are drawn in order
 *              (the surface moves its own pixels), then its rects from the decoded pictures
 *   heartbeat, end   nothing to draw ('none')
 *   a picture  larger than the viewer's limit (maxPixels, 4K by default) in its frame header or its
 *              image header, or whose image header disagrees with the frame header, is refused
 *              before anything is decoded: a 30 KB PNG may declare 16000x16000 (1 GB of pixels)
 *   a failure  (a bad container, a picture that does not decode or
 *              whose size is not the header's) breaks the chain: deltas are refused until the
 *              next keyframe, so a gap never paints tiles onto the wrong picture
 *
 * Why here: these are the frame format's rules (what cc.kseq and cc.refresh mean), and both
 * compositors must import them without the other's I/O. protocol is the browser-safe root with no
 * dependencies, so the viewer does not pull sharp and codec does not pull the DOM; codec's entry
 * imports sharp, and codec may not import ui.
 */
import { FrameFormatError, type ClasscastError } from './errors.js';
import type { Frame, FrameKind } from './frame.js';
import { readImageSize, type ImageCodec } from './image-signature.js';
import { decodeDeltaContainer, type CopyRect, type DeltaContainer } from './delta-container.js';
import type { TilePlacement } from './tile-container.js';

export interface PictureSize {
  readonly width: number;
  readonly height: number;
}

/**
 * The most pixels a viewer decodes into one picture, by default: 4K (3840x2160, about 33 MB as
 * RGBA). A pixel count rather than a width and a height, so a portrait or ultra-wide screen of
 * the same memory passes too.
 */
export const DEFAULT_MAX_PICTURE_PIXELS = 3840 * 2160;

/** What a decode is for: the size the frame promises (the chain checks the result), and whether it is a delta's atlas. */
export interface ExpectedPicture extends PictureSize {
  readonly atlas: boolean;
  /** The viewer's limit: a decoder that can refuse larger input itself (sharp's limitInputPixels) is given it. */
  readonly maxPixels: number;
}

export interface PictureDecoder<Picture> {
  /** The encoded image as a drawable picture; rejects for bytes that are not a picture. Fakes may echo `expected`'s size. */
  decode(bytes: Uint8Array, codec: ImageCodec, expected: ExpectedPicture): Promise<Picture>;
  /** Frees a picture once it is drawn (ImageBitmap.close); nothing to do for raw pixels. */
  release(picture: Picture): void;
}

export interface PictureSurface<Picture> {
  /** Replaces the whole picture (a keyframe), resizing to width x height. */
  reset(picture: Picture, width: number, height: number): void;
  /** Copies `placement` from a decoded delta picture onto the surface (one rect of a delta). */
  patch(atlas: Picture, placement: TilePlacement): void;
  /**
   * Moves pixels within the surface (a scroll, a moved window). Source and target may overlap:
   * the result is as if the source were copied out first (as drawImage of a canvas onto itself).
   */
  copy(copy: CopyRect): void;
}

/** What a frame did: changed the surface, moved the chain onto the picture already there, or nothing. */
export type ChainStep = 'drawn' | 'kept' | 'none';

export interface PictureChainOptions<Picture extends PictureSize> {
  decoder: PictureDecoder<Picture>;
  surface: PictureSurface<Picture>;
  /** The error for a delta that is not for the picture on the surface: the caller's code (a viewer counts it, a recorder stops). */
  missingBase(frame: Frame): ClasscastError;
  /** The error for a picture the decoder refused; by default the decoder's own. */
  decodeFailed?(frame: Frame, cause: unknown): ClasscastError;
  /** Pictures (keyframes, atlases) with more pixels are refused undecoded. Default DEFAULT_MAX_PICTURE_PIXELS (4K). */
  maxPixels?: number;
  /** How a refusal names the limit, e.g. "the class's limit of 640x360 (230400 pixels)". Default: "the viewer's limit of N pixels". */
  limitDescription?: string;
}

export interface PictureChain {
  /**
   * Applies one frame to the surface. `container` is the delta's container when the
   * transport already parsed it (parsed once on its way to the screen); else it is parsed here.
   * Rejects, and breaks the chain, for a frame that cannot be drawn.
   */
  apply(frame: Frame, container?: DeltaContainer): Promise<ChainStep>;
  /**
   * Why apply() would refuse this keyframe undecoded (over the size limit, an image header that
   * is not the frame header's), or undefined: lets a viewer refuse a forged keyframe before it
   * queues it, where it would make older frames pointless.
   */
  refusal(frame: Frame): ClasscastError | undefined;
  /**
   * A new limit for the pictures after this (a class setting learnt once the viewer runs). The
   * picture on the surface stays: it was checked against the limit of its time.
   */
  setLimit(maxPixels: number, description?: string): void;
  /** Refresh keyframes not decoded because the surface already showed the frame they repeat. */
  readonly refreshesKept: number;
  /** No more drawing: a decode that finishes later is released, not drawn. */
  close(): void;
}

/** Kinds that draw a picture; heartbeat and end draw nothing. A new kind adds its entry here. */
const DRAWS: Record<FrameKind, boolean> = { key: true, delta: true, heartbeat: false, end: false };

export function drawsPicture(frame: Pick<Frame, 'kind'>): boolean {
  return DRAWS[frame.kind];
}

/** The keyframe the surface builds on; undefined while there is none or its chain is broken. */
interface Chain extends PictureSize {
  keySequence: number;
  /** The last key or delta drawn in this chain. */
  drawnSequence: number;
}

export function createPictureChain<Picture extends PictureSize>(options: PictureChainOptions<Picture>): PictureChain {
  const { decoder, surface } = options;
  let maxPixels = options.maxPixels ?? DEFAULT_MAX_PICTURE_PIXELS;
  let limitDescription = options.limitDescription ?? viewerLimit(maxPixels);
  let chain: Chain | undefined;
  let refreshesKept = 0;
  let closed = false;

  async function applyKey(frame: Frame): Promise<ChainStep> {
    if (chain && frame.refreshOf !== undefined && frame.refreshOf === chain.drawnSequence && sameSize(chain, frame)) {
      // This picture is already on the surface: only the chain's base moves on.
      chain = { ...chain, keySequence: frame.sequence, drawnSequence: frame.sequence };
      refreshesKept += 1;
      return 'kept';
    }
    chain = undefined;
    // A header that lies about the size (absurd dimensions) must not resize the student's screen.
    const picture = await decode(frame.payload, frame.codec, frame, keyExpected(frame), `keyframe ${frame.sequence}`);
    if (picture === undefined) return 'none';
    surface.reset(picture, frame.width, frame.height);
    decoder.release(picture);
    chain = { keySequence: frame.sequence, width: frame.width, height: frame.height, drawnSequence: frame.sequence };
    return 'drawn';
  }

  async function applyDelta(frame: Frame, parsed: DeltaContainer | undefined): Promise<ChainStep> {
    const container = parsed ?? decodeDeltaContainer(frame.payload, frame);
    // Every picture's header is checked before any is decoded: a forged one costs no decode.
    const expected = container.pictures.map((picture, index) => {
      const what = pictureName(frame, container, index);
      const size = { width: picture.width, height: picture.height, atlas: true, maxPixels };
      checkImageHeader(picture.bytes, frame, size, what, limitDescription);
      return { picture, size, what };
    });
    const decoded: Picture[] = [];
    try {
      for (const { picture, size, what } of expected) {
        const one = await decode(picture.bytes, picture.codec, frame, size, what);
        if (one === undefined) return 'none';
        decoded.push(one);
      }
      for (const copy of container.copies) surface.copy(copy);
      for (const rect of container.rects) surface.patch(decoded[rect.picture]!, rect);
    } finally {
      for (const picture of decoded) decoder.release(picture);
    }
    if (chain) chain.drawnSequence = frame.sequence; // apply() checked it fits this chain
    return 'drawn';
  }

  function refusal(frame: Frame): ClasscastError | undefined {
    if (frame.kind !== 'key') return undefined;
    try {
      checkImageHeader(frame.payload, frame, keyExpected(frame), `keyframe ${frame.sequence}`, limitDescription);
      return undefined;
    } catch (error) {
      return error as FrameFormatError;
    }
  }

  function keyExpected(frame: Frame): ExpectedPicture {
    return { width: frame.width, height: frame.height, atlas: false, maxPixels };
  }

  /** The decoded picture, checked against its expected size; undefined once closed. */
  async function decode(bytes: Uint8Array, codec: ImageCodec, frame: Frame, expected: ExpectedPicture, what: string): Promise<Picture | undefined> {
    let picture: Picture;
    try {
      picture = await decoder.decode(bytes, codec, expected);
    } catch (cause) {
      throw options.decodeFailed?.(frame, cause) ?? cause;
    }
    if (closed || !sameSize(picture, expected)) {
      decoder.release(picture);
      if (closed) return undefined;
      throw new FrameFormatError(
        'CC_FRAME_BAD_HEADER',
        `${what} is ${picture.width}x${picture.height} but its header says ${expected.width}x${expected.height}`,
      );
    }
    return picture;
  }

  return {
    get refreshesKept() {
      return refreshesKept;
    },
    async apply(frame, container) {
      // A keyframe refused before decoding leaves the surface and its chain as they were: a forged
      // one in the middle of a lesson costs nothing, and the deltas after it (which name it) are
      // refused by their cc.kseq. A delta of this chain that fails breaks it: its tiles are missing.
      const refused = refusal(frame);
      if (refused) throw refused;
      // A delta on a keyframe we never saw (or of another size) would paint tiles onto the wrong
      // picture. It is no part of this chain, so the chain stays: a forged delta costs nothing.
      if (frame.kind === 'delta' && (!chain || chain.keySequence !== frame.keySequence || !sameSize(chain, frame))) throw options.missingBase(frame);
      try {
        if (frame.kind === 'key') return await applyKey(frame);
        if (frame.kind === 'delta') return await applyDelta(frame, container);
        return 'none';
      } catch (error) {
        chain = undefined;
        throw error;
      }
    },
    refusal,
    setLimit(pixels, description) {
      maxPixels = pixels;
      limitDescription = description ?? viewerLimit(pixels);
    },
    close() {
      closed = true;
    },
  };
}

/** Refuses, before any decode, a picture over the limit or one whose image header is not the frame's size. */
function checkImageHeader(bytes: Uint8Array, frame: Frame, expected: ExpectedPicture, what: string, limit: string): void {
  if (expected.width * expected.height > expected.maxPixels) {
    throw new FrameFormatError('CC_PICTURE_TOO_LARGE', `${what} is ${expected.width}x${expected.height} by its frame header, more than ${limit}`);
  }
  const header = readImageSize(bytes);
  if (!header) throw new FrameFormatError('CC_FRAME_BAD_PAYLOAD', `${what} has no readable JPEG, PNG or WebP header`);
  if (header.width * header.height > expected.maxPixels) {
    throw new FrameFormatError('CC_PICTURE_TOO_LARGE', `${what} declares ${header.width}x${header.height} in its ${header.codec} header, more than ${limit}`);
  }
  // Swapped is the same picture: EXIF orientation turns it when decoded (the decode is checked again).
  if (!sameSize(header, expected) && !sameSize(header, { width: expected.height, height: expected.width })) {
    throw new FrameFormatError(
      'CC_FRAME_BAD_HEADER',
      `${what} is ${header.width}x${header.height} by its ${header.codec} header but ${expected.width}x${expected.height} by its frame header (${frame.codec})`,
    );
  }
}

function pictureName(frame: Frame, container: DeltaContainer, index: number): string {
  return container.version === 1 ? `the tile atlas of delta ${frame.sequence}` : `picture ${index} of delta ${frame.sequence}`;
}

function viewerLimit(maxPixels: number): string {
  return `the viewer's limit of ${maxPixels} pixels`;
}

function sameSize(a: PictureSize, b: PictureSize): boolean {
  return a.width === b.width && a.height === b.height;
}
