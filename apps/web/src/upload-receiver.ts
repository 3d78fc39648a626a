/**
 * The picture a browser uploads in pieces (frame-upload.ts): each upload's changed tiles, inflated
 * with a cap, applied to the picture before, for the teacher console and a student's shared screen
 * alike. After a refusal reset() makes the page's next upload a whole picture again.
 */
import { inflateRawSync } from 'node:zlib';
import type { RawData } from 'ws';
import { applyFrameUpload, ClasscastError, decodeFrameUpload, type UploadedPicture } from '@classcast/protocol';

export interface UploadedFrame {
  data: Buffer;
  width: number;
  height: number;
  pixelFormat: 'rgba';
  capturedAt: number;
}

export interface UploadReceiver {
  /** The whole picture after this upload, as a push source takes it; throws a ClasscastError for a bad upload (and forgets the picture). */
  receive(bytes: Uint8Array): UploadedFrame;
  /** Forgets the picture: the next upload must be whole. */
  reset(): void;
}

export function createUploadReceiver(): UploadReceiver {
  let picture: UploadedPicture | undefined;
  return {
    receive(bytes) {
      try {
        picture = applyFrameUpload(picture, decodeFrameUpload(bytes), (body, maxBytes) => inflateRawSync(body, { maxOutputLength: Math.max(1, maxBytes) }));
      } catch (error) {
        picture = undefined;
        throw error;
      }
      const { pixels, width, height, capturedAt } = picture;
      return { data: Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength), width, height, pixelFormat: 'rgba', capturedAt };
    },
    reset() {
      picture = undefined;
    },
  };
}

/** What a socket says about an upload: taken or not, and why a bad one was refused. */
export type UploadReply = { type: 'taken'; ok: boolean } | { type: 'error'; code: string; message: string };

/**
 * Takes one upload into `receiver` and hands the picture to `deliver` (false: not taken, as a
 * push source full of pictures says); a bad upload is refused with its reason, and the page
 * sends the next picture whole.
 */
export function takeUpload(receiver: UploadReceiver, bytes: Uint8Array, deliver: (frame: UploadedFrame) => boolean, send: (reply: UploadReply) => void): void {
  let taken: boolean;
  try {
    taken = deliver(receiver.receive(bytes));
  } catch (error) {
    receiver.reset();
    send({ type: 'taken', ok: false });
    const refused = error instanceof ClasscastError ? error : { code: 'CC_GATEWAY_BAD_REQUEST', message: String(error) };
    return send({ type: 'error', code: refused.code, message: refused.message });
  }
  send({ type: 'taken', ok: taken });
}

/** A WebSocket message's size, without joining its parts. */
export function byteLengthOf(data: RawData): number {
  return Array.isArray(data) ? data.reduce((sum, part) => sum + part.length, 0) : data.byteLength;
}

/** A WebSocket message as one byte array. */
export function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}
