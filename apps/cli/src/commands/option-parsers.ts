/** Small helpers shared by the commands: number flags with ranges, and Ctrl-C as an AbortSignal. */
import { InvalidArgumentError } from 'commander';
import { parsePictureSize, type PictureSize } from '@classcast/protocol';

export function parseNumber(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`${name} must be a number from ${min} to ${max}`);
    }
    return parsed;
  };
}

const BYTE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** A size: plain bytes, or with K, M, G, T (binary: 1G = 1 GiB; KiB/KB and the like are read the same). */
export function parseBytes(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(value.trim());
  if (!match) throw new InvalidArgumentError(`"${value}" is not a size like 500M, 20G or 1073741824`);
  return Math.round(Number(match[1]) * BYTE_UNITS[match[2]!.toLowerCase()]!);
}

/** A picture size WIDTHxHEIGHT, e.g. 3840x2160, each side at most the frame format's 16384. */
export function parsePictureSizeOption(value: string): PictureSize {
  const checked = parsePictureSize(value);
  if ('problem' in checked) throw new InvalidArgumentError(checked.problem);
  return checked.size;
}

/** Aborts on the first SIGINT or SIGTERM, so a command can stop cleanly and flush what it has. */
export function stopSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return controller.signal;
}
