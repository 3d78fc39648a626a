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
import { CLASSROOM_TEACHER, prepareSecureClassroom, type SecureClassroom } from './secure-classroom.js';

interface ClassroomFlags {
  class: string;
  secure?: boolean;
  students: string[];
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
    .option('--secure', 'the real setup: Kafka with logins and access rules, an HTTPS gateway, students logging in with passwords printed once')
    .option(
      '--students <names>',
      'with --secure: the students who get a login (comma-separated)',
      (list: string) => list.split(',').map((name) => name.trim()),
      ['ada', 'bob', 'cleo'],
    )
    .action(async (flags: ClassroomFlags) => classroom(flags));
}

async function classroom(flags: ClassroomFlags): Promise<void> {
  const signal = stopSignal();
  const secure = flags.secure ? await prepareSecureClassroom(flags.students) : undefined;
  try {
    process.stderr.write(`starting the embedded Kafka broker${secure ? ' with logins and access rules' : ''}…\n`);
    const cluster = await startKafka({
      nodes: 1,
      ...(secure ? { security: secure.security } : {}),
      onProgress: ({ message }) => process.stderr.write(`${message}\n`),
    });
    try {
      await secure?.grant(cluster, flags.class);
      await runClassroom(flags, cluster.bootstrapServers, secure, signal);
    } finally {
      await cluster.stop();
    }
  } finally {
    await secure?.close();
  }
}

async function runClassroom(flags: ClassroomFlags, bootstrapServers: string[], secure: SecureClassroom | undefined, signal: AbortSignal): Promise<void> {
  const brokers = bootstrapServers.join(',');
  // Secured, the gateway holds no Kafka login: each student logs in as themselves.
  const gateway = await createGateway({
    connection: { brokers: bootstrapServers },
    port: await usablePort(flags.port),
    allowedOrigins: flags.allowOrigin,
    ...(secure ? { studentLogin: { method: 'password' as const }, tls: secure.tls } : {}),
  });
  const login = (user: string) => (secure ? { username: user, passwordFile: secure.passwordFile(user) } : {});
  try {
    const source = flags.source ?? (await pickSource());
    process.stderr.write(
      `\nclasscast classroom is running: class "${flags.class}", teacher broadcasting from ${source}${secure ? ` as user ${CLASSROOM_TEACHER}` : ''}\n` +
        `  students open   ${studentLink(gateway.url, flags.class)}   ${secure ? '(log in below)' : '(any name)'}\n` +
        networkUrls(gateway.url)
          .map((url) => `  on this network ${studentLink(url, flags.class)}\n`)
          .join('') +
        (secure ? secureNotes(secure) : openNotes(brokers, flags.class)) +
        `Press Ctrl-C to end the lesson.\n\n`,
    );
    const student = flags.out ? watch({ brokers, class: flags.class, student: 'ada', out: flags.out, ...login('ada') }, signal) : undefined;
    await teach(
      { brokers, class: flags.class, source, fps: flags.fps, quality: 75, codec: 'jpeg', scale: 1, deltas: true, slideSeconds: 5, ...login(CLASSROOM_TEACHER) },
      signal,
    );
    await student;
  } finally {
    await gateway.close();
  }
}

function openNotes(brokers: string, classId: string): string {
  return (
    `  or watch with   npm run classcast -- watch --brokers ${brokers} --class ${classId} --student bob --out /tmp/bob\n` +
    `This is an open classroom: anyone on this network may watch, under any name, over plain HTTP.\n` +
    `For logins, access rules and HTTPS, run: npm start -- --secure\n`
  );
}

/** The student logins, shown once (they are kept nowhere), and what the browser will say of the certificate. */
function secureNotes(secure: SecureClassroom): string {
  const width = Math.max(...Object.keys(secure.studentPasswords).map((name) => name.length));
  return (
    `  student logins (shown once; Kafka checks them, and lets each student watch this class only):\n` +
    Object.entries(secure.studentPasswords)
      .map(([name, password]) => `    ${name.padEnd(width)}  ${password}\n`)
      .join('') +
    `  the page's certificate was made for this classroom: browsers warn until its CA is trusted (${secure.tls.caFile})\n`
  );
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
