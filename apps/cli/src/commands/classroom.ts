/**
 * `classcast classroom` (what `npm start` runs): a whole local classroom in one process — the
 * embedded Kafka, the web gateway that students open in any browser, a teacher broadcasting
 * (the desktop when there is a display to capture, the test pattern otherwise), and optionally a
 * command-line student writing what it receives to a folder. Ctrl-C stops everything.
 */
import type { Command } from 'commander';
import { startKafka } from '@classcast/broker';
import { createDesktopSource } from '@classcast/capture';
import { createGateway, DEFAULT_GATEWAY_PORT, networkUrls } from '@classcast/web';
import { parseNumber, stopSignal } from './option-parsers.js';
import { teach } from './teach.js';
import { watch } from './watch.js';

interface ClassroomFlags {
  class: string;
  source?: string;
  fps: number;
  port: number;
  allowOrigin: string[];
  out?: string;
}

export function registerClassroomCommand(program: Command): void {
  program
    .command('classroom')
    .description('a local classroom: embedded Kafka + web gateway + a teacher broadcasting')
    .option('--class <id>', 'class id', 'demo')
    .option('--source <source>', 'test | desktop | folder:PATH (default: desktop when a display can be captured, else test)')
    .option('--fps <n>', 'frames per second', parseNumber('fps', 0.1, 60), 5)
    .option('--port <n>', 'web gateway port (0 = any free port)', parseNumber('port', 0, 65535), DEFAULT_GATEWAY_PORT)
    .option(
      '--allow-origin <origin>',
      'a page of another origin whose WebSocket the gateway takes (repeatable); its own page is always taken',
      (origin: string, previous: string[]) => [...previous, origin],
      [] as string[],
    )
    .option('--out <dir>', 'also run a command-line student "ada" writing every picture to this folder')
    .action(async (flags: ClassroomFlags) => classroom(flags));
}

async function classroom(flags: ClassroomFlags): Promise<void> {
  const signal = stopSignal();
  process.stderr.write('starting the embedded Kafka broker…\n');
  const cluster = await startKafka({ nodes: 1, onProgress: ({ message }) => process.stderr.write(`${message}\n`) });
  const brokers = cluster.bootstrapServers.join(',');
  const gateway = await createGateway({
    connection: { brokers: cluster.bootstrapServers },
    port: await usablePort(flags.port),
    allowedOrigins: flags.allowOrigin,
  });
  try {
    const source = flags.source ?? (await pickSource());
    process.stderr.write(
      `\nclasscast classroom is running: class "${flags.class}", teacher broadcasting from ${source}\n` +
        `  students open   ${studentLink(gateway.url, flags.class)}   (any name)\n` +
        networkUrls(gateway.url)
          .map((url) => `  on this network ${studentLink(url, flags.class)}\n`)
          .join('') +
        `  or watch with   npm run classcast -- watch --brokers ${brokers} --class ${flags.class} --student bob --out /tmp/bob\n` +
        `Press Ctrl-C to end the lesson.\n\n`,
    );
    const student = flags.out ? watch({ brokers, class: flags.class, student: 'ada', out: flags.out }, signal) : undefined;
    await teach({ brokers, class: flags.class, source, fps: flags.fps, quality: 75, codec: 'jpeg', scale: 1, deltas: true, slideSeconds: 5 }, signal);
    await student;
  } finally {
    await gateway.close();
    await cluster.stop();
  }
}

/** The desktop when a display can really be captured (one capture proves it), else the test pattern. */
async function pickSource(): Promise<string> {
  if (!process.env.DISPLAY && process.platform === 'linux') return 'test';
  try {
    const desktop = await createDesktopSource();
    await desktop.close();
    return 'desktop';
  } catch {
    return 'test';
  }
}

/** The wanted port, or any free one when it is taken (a second classroom on the same machine). */
async function usablePort(port: number): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(0));
    probe.listen(port, () => probe.close(() => resolve(port)));
  });
}

/** The student page's address with the class filled in (the page reads `?class=`), so students type only a name. */
export function studentLink(pageUrl: string, classId: string): string {
  const link = new URL(pageUrl);
  link.searchParams.set('class', classId);
  return link.href;
}
