/**
 * Turns what the renderer sends with IPC.frame into a RawFrame for the push source, checking its
 * shape on the way: the pixels arrive as an ArrayBuffer (or a typed array, depending on how the
 * renderer built them) and are wrapped, not copied.
 */
import { assertRawFrame, type RawFrame } from '@classcast/codec';
import { DesktopError } from '@classcast/desktop';

export function parseCapturedFrame(payload: unknown): RawFrame {
  const fields = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  const { width, height, capturedAt, pixels } = fields;
  if (typeof width !== 'number' || typeof height !== 'number' || typeof capturedAt !== 'number' || !Number.isFinite(capturedAt)) {
    throw new DesktopError('CC_IPC_BAD_REQUEST', 'frame: width, height and capturedAt must be numbers');
  }
  const data =
    pixels instanceof ArrayBuffer
      ? Buffer.from(pixels)
      : ArrayBuffer.isView(pixels)
        ? Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength)
        : undefined;
  if (!data) throw new DesktopError('CC_IPC_BAD_REQUEST', 'frame: pixels must be an ArrayBuffer');
  const frame: RawFrame = { data, width, height, pixelFormat: 'rgba', capturedAt };
  assertRawFrame(frame);
  return frame;
}
