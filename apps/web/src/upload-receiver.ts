/**
 * The picture a browser uploads in pieces (frame-upload.ts): each upload's changed tiles, inflated
 * with a cap, applied to the picture before, for the teacher console and a student's shared screen
 * alike. After a refusal reset() makes the page's next upload a whole picture again.
 */
import { inflateRawSync } from 'node:zlib';
import type { RawData } from 'ws';
import { applyFrameUpload, decodeFrameUpload, type UploadedPicture } from '@classcast/protocol';

export interface UploadReceiver {
  /** The whole picture after this upload, as a push source takes it; throws a ClasscastError for a bad upload. */
  receive(bytes: Uint8Array): { data: Buffer; width: number; height: number; pixelFormat: 'rgba'; capturedAt: number };
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

/** A WebSocket message as one byte array. */
export function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}
