/** Small helpers shared by the commands: number flags with ranges, and Ctrl-C as an AbortSignal. */
import { InvalidArgumentError } from 'commander';

export function parseNumber(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`${name} must be a number from ${min} to ${max}`);
    }
    return parsed;
  };
}

/** Aborts on the first SIGINT or SIGTERM, so a command can stop cleanly and flush what it has. */
export function stopSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return controller.signal;
}
