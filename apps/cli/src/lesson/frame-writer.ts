/**
 * Writes received keyframes to a folder as image files that open in any viewer:
 * <stream>-<sequence>.<ext>, e.g. screen-0-000042.jpg. The keyframe value is already the image.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FILE_EXTENSION, type Frame } from '@classcast/protocol';

export async function createFrameWriter(folder: string): Promise<{ write(frame: Frame): Promise<string | undefined> }> {
  await mkdir(folder, { recursive: true });
  return {
    async write(frame) {
      if (frame.kind !== 'key') return undefined;
      const file = join(folder, `${frame.streamId}-${String(frame.sequence).padStart(6, '0')}.${FILE_EXTENSION[frame.codec]}`);
      await writeFile(file, frame.payload);
      return file;
    },
  };
}
