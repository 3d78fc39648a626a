/**
 * The picture limit of a command-line viewer (watch, record, replay, export): the class's setting,
 * loaded once as the viewer starts (@classcast/kafka loadClassPictureLimit), or a local
 * `--max-pixels` override. A setting that cannot be used is one warning line, and the default.
 */
import type { PictureCompositorOptions } from '@classcast/codec';
import { loadClassPictureLimit, type KafkaConnection } from '@classcast/kafka';

export async function viewerPictureLimit(
  connection: KafkaConnection,
  classId: string,
  maxPixelsOverride?: number,
  warn: (line: string) => void = (line) => void process.stderr.write(`${line}\n`),
): Promise<Required<PictureCompositorOptions>> {
  // The student's own machine, the student's own memory: a local limit needs nobody's setting.
  if (maxPixelsOverride !== undefined) return { maxPixels: maxPixelsOverride, limitDescription: `the --max-pixels limit of ${maxPixelsOverride} pixels` };
  const loaded = await loadClassPictureLimit(connection, classId);
  if (loaded.warning) warn(`warning: ${loaded.warning}`);
  return { maxPixels: loaded.limit.maxPixels, limitDescription: loaded.limit.description };
}
