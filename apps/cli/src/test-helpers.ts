/** The CLI's test helpers: the classcast runner (shared with e2e, in test-support) and what its tests ask of it. */
import { classcast, type Run } from '../../../test-support/classcast-cli.js';

export { classcast, type Run };

/** Runs classcast against `brokers` and returns its stderr; throws with that stderr if it fails. */
export async function classcastOk(args: string[], brokers: string): Promise<string> {
  const run = classcast([...args, '--brokers', brokers]);
  const code = await run.exit;
  if (code !== 0) throw new Error(`classcast ${args.join(' ')} exited ${code}: ${run.stderr}`);
  return run.stderr;
}

/** The first address a running `classcast gateway` printed under "Students open:". */
export async function printedGatewayUrl(run: Run): Promise<string> {
  const pattern = /Students open:\n\s+(\S+)/;
  await run.waitForOutput(pattern, 30_000);
  return pattern.exec(run.stderr)![1]!;
}
