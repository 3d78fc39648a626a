/**
 * `classcast classroom` (what `npm start` runs): a whole local classroom in one process — the
 * embedded Kafka, the web gateway that students open in any browser, a teacher broadcasting
 * (the desktop when there is a display to capture, the test pattern otherwise), and optionally a
 * command-line student writing what it receives to a folder.
 *
 * The open classroom runs on the embedded broker of `classcast broker up` (started if needed, and
 * recorded), so every other `classcast` command finds it with no flags and the lessons are kept
 * in the cache dir from one run to the next (`--fresh` starts clean). Ctrl-C ends the lesson the
 * way a teacher would: the students are told it ended, then the broker stops (if this classroom
 * started it) with the lesson kept, and the commands to replay or export it are printed.
 * `--brokers` runs the same classroom on an existing cluster; `--secure` on a throwaway secured one,
 * with the share agent that lets the student the teacher accepts put its screen to the class.
 */
import type { Command } from 'commander';
import { brokerDown, brokerUp, startKafka, type BrokerUpResult } from '@classcast/broker';
import { createDesktopSource } from '@classcast/capture';
import { createShareGrantAgent, waitForWatchersToCatchUp, type ShareGrantAgent } from '@classcast/kafka';
import { sharedScreenTopic } from '@classcast/protocol';
import { checkGatewayPort, createGateway, DEFAULT_GATEWAY_PORT, networkUrls, type GatewayOptions } from '@classcast/web';
import { addConnectionOptions, resolveConnection, type ConnectionFlags } from '../connection-options.js';
import { CliError } from '../cli-errors.js';
import { parseNumber, stopSignal } from './option-parsers.js';
import { teach } from './teach.js';
import { watch } from './watch.js';
import { adminLogin, CLASSROOM_TEACHER, prepareSecureClassroom, type SecureClassroom } from './secure-classroom.js';

interface ClassroomFlags extends ConnectionFlags {
  class: string;
  secure?: boolean;
  fresh?: boolean;
  students: string[];
  source?: string;
  fps: number;
  port: number;
  allowOrigin: string[];
  out?: string;
}

/** How the teacher and the command-line student log in: nothing on an open broker. */
type Login = (user: string) => Pick<ConnectionFlags, 'username' | 'passwordFile' | 'saslMechanism'>;

export function registerClassroomCommand(program: Command): void {
  addConnectionOptions(program.command('classroom'))
    .description('a local classroom: embedded Kafka + web gateway + a teacher broadcasting')
    .option('--class <id>', 'class id', 'demo')
    .option(
      '--source <source>',
      'test | desktop[:N] | window:TITLE | window:#ID | region:X,Y,W,H[@N] | folder:PATH, as for teach (default: desktop when a display can be captured, else test)',
    )
    .option('--fps <n>', 'pictures per second', parseNumber('fps', 0.1, 60), 5)
    .option('--port <n>', 'web gateway port (0 = any free port)', parseNumber('port', 0, 65535), DEFAULT_GATEWAY_PORT)
    .option(
      '--allow-origin <origin>',
      'a page of another origin whose WebSocket the gateway takes (repeatable); its own page is always taken',
      (origin: string, previous: string[]) => [...previous, origin],
      [] as string[],
    )
    .option('--out <dir>', 'also run a command-line student "ada" writing every picture to this folder')
    .option('--fresh', 'start with an empty embedded broker: the lessons kept from earlier runs are deleted')
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
  if (flags.secure && flags.brokers) throw new CliError('CC_BAD_CLASSROOM_FLAGS', '--secure sets up a Kafka of its own: leave out --brokers (or --secure)');
  // A taken port fails now, before a broker starts, and is never swapped for another.
  await checkGatewayPort(flags.port);
  if (flags.brokers) return classroomOnCluster(flags, signal);
  if (flags.secure) return secureClassroom(flags, signal);
  if (flags.fresh) {
    const removed = await brokerDown({ removeData: true });
    if (removed.dataDir) process.stderr.write(`--fresh: removed the embedded broker's lessons (${removed.dataDir})\n`);
  }
  process.stderr.write('starting the embedded Kafka broker…\n');
  const local = await brokerUp({ nodes: 1, onProgress: ({ message }) => process.stderr.write(`${message}\n`) });
  let sent = 0;
  try {
    sent = await runClassroom(flags, local.bootstrapServers, { notes: openNotes(flags.class) }, signal);
  } finally {
    // A broker that ran before this classroom (classcast broker up) is someone else's: leave it.
    if (!local.alreadyRunning) await brokerDown();
  }
  process.stderr.write(lessonKeptNotes(flags.class, sent, local));
}

/** The same classroom on a cluster of the school's: students log in as themselves when the teacher does. */
async function classroomOnCluster(flags: ClassroomFlags, signal: AbortSignal): Promise<void> {
  const connection = await resolveConnection(flags);
  const studentsLogIn = connection.sasl !== undefined;
  const { sasl: _teacherLogin, ...gatewayConnection } = connection;
  await runClassroom(
    flags,
    connection.brokers,
    {
      connection: gatewayConnection,
      ...(studentsLogIn ? { studentLogin: { method: 'password' as const } } : {}),
      login: () => ({ username: flags.username, passwordFile: flags.passwordFile, saslMechanism: flags.saslMechanism }),
      notes: studentsLogIn ? '  students log in with their own Kafka user and password; Kafka decides who may watch\n' : openNotes(flags.class),
    },
    signal,
  );
}

async function secureClassroom(flags: ClassroomFlags, signal: AbortSignal): Promise<void> {
  const secure = await prepareSecureClassroom(flags.students);
  try {
    process.stderr.write('starting the embedded Kafka broker with logins and access rules…\n');
    const cluster = await startKafka({ nodes: 1, security: secure.security, onProgress: ({ message }) => process.stderr.write(`${message}\n`) });
    // Only an admin may change ACLs: without this agent a teacher's accept would never let the student's screen through.
    let shareAgent: ShareGrantAgent | undefined;
    try {
      await secure.grant(cluster, flags.class);
      shareAgent = createShareGrantAgent({ adminConnection: adminLogin(cluster), classId: flags.class, log: (line) => void process.stderr.write(`${line}\n`) });
      await shareAgent.start();
      await runClassroom(
        flags,
        cluster.bootstrapServers,
        {
          // Secured, the gateway holds no Kafka login: each student logs in as themselves.
          studentLogin: { method: 'password' },
          tls: secure.tls,
          login: (user) => ({ username: user, passwordFile: secure.passwordFile(user) }),
          teacherName: CLASSROOM_TEACHER,
          notes: secureNotes(secure, flags.class, cluster.bootstrapServers),
        },
        signal,
      );
    } finally {
      await shareAgent?.stop();
      await cluster.stop();
    }
  } finally {
    await secure.close();
  }
}

/** How long Ctrl-C waits for the students to read the lesson's end before the classroom shuts. */
const STUDENTS_CATCH_UP_MS = 5000;

interface ClassroomSetup extends Pick<GatewayOptions, 'studentLogin' | 'tls'> {
  /** The gateway's connection; default: the brokers, no login. */
  connection?: GatewayOptions['connection'];
  login?: Login;
  teacherName?: string;
  /** Lines printed under the student links. */
  notes: string;
}

/** Runs the gateway, the teacher and the optional student until Ctrl-C; returns the pictures the teacher sent. */
async function runClassroom(flags: ClassroomFlags, bootstrapServers: string[], setup: ClassroomSetup, signal: AbortSignal): Promise<number> {
  const brokers = bootstrapServers.join(',');
  const gatewayConnection = setup.connection ?? { brokers: bootstrapServers };
  const gateway = await createGateway({
    connection: gatewayConnection,
    port: flags.port,
    allowedOrigins: flags.allowOrigin,
    ...(setup.studentLogin ? { studentLogin: setup.studentLogin } : {}),
    ...(setup.tls ? { tls: setup.tls } : {}),
  });
  const login: Login = setup.login ?? (() => ({}));
  try {
    const source = flags.source ?? (await pickSource());
    process.stderr.write(
      `\nclasscast classroom is running: class "${flags.class}", teacher broadcasting from ${source}${setup.teacherName ? ` as user ${setup.teacherName}` : ''}\n` +
        `  students open   ${studentLink(gateway.url, flags.class)}   ${setup.studentLogin ? '(log in below)' : '(any name)'}\n` +
        networkUrls(gateway.url)
          .map((url) => `  on this network ${studentLink(url, flags.class)}\n`)
          .join('') +
        `  teacher console ${new URL('teach', gateway.url).href}   (share a screen, window or tab from a browser, to another class)\n` +
        setup.notes +
        `Press Ctrl-C to end the lesson.\n\n`,
    );
    const student = flags.out ? watch({ brokers, class: flags.class, student: 'ada', out: flags.out, ...login('ada') }, signal) : undefined;
    const sent = await teach(
      {
        brokers,
        class: flags.class,
        source,
        fps: flags.fps,
        quality: 75,
        codec: 'jpeg',
        scale: 1,
        deltas: true,
        slideSeconds: 5,
        ...login(setup.teacherName ?? 'teacher'),
      },
      signal,
    );
    // Before the gateway and the broker go: every student reads the teacher's end ("the lesson has ended").
    await waitForWatchersToCatchUp({ connection: gatewayConnection, classId: flags.class }, STUDENTS_CATCH_UP_MS);
    await student;
    return sent;
  } finally {
    await gateway.close();
  }
}

/** After Ctrl-C: what happened to the lesson, where it is, and how to see it again. */
function lessonKeptNotes(classId: string, sent: number, local: BrokerUpResult): string {
  return (
    `\nthe lesson has ended: ${sent} pictures sent to class "${classId}"; the students were told.\n` +
    `It is kept with the embedded broker's data in ${local.state.dataDir} (for the class's retention; npm start -- --fresh starts clean).\n` +
    `To see it again:\n` +
    (local.alreadyRunning ? '' : `  classcast broker up                                    # npm start does this too\n`) +
    `  classcast replay --class ${classId} --from -1h --speed 1 --out lesson-pictures\n` +
    `  classcast export --class ${classId} --from -1h --format mp4 --out lesson.mp4\n`
  );
}

function openNotes(classId: string): string {
  return (
    `  or watch with   npx classcast watch --class ${classId} --student bob --out /tmp/bob\n` +
    `This is an open classroom: anyone on this network may watch, under any name, over plain HTTP.\n` +
    `For logins, access rules and HTTPS, run: npm start -- --secure\n`
  );
}

/** The student logins, shown once (they are kept nowhere), the share agent, and what the browser will say of the certificate. */
function secureNotes(secure: SecureClassroom, classId: string, bootstrapServers: string[]): string {
  const width = Math.max(...Object.keys(secure.studentPasswords).map((name) => name.length));
  return (
    `  student logins (shown once; Kafka checks them, and lets each student watch this class only):\n` +
    Object.entries(secure.studentPasswords)
      .map(([name, password]) => `    ${name.padEnd(width)}  ${password}\n`)
      .join('') +
    `  the share agent gives the student whose screen the teacher accepts WRITE on ${sharedScreenTopic(classId)} (Kafka at ${bootstrapServers.join(',')})\n` +
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

/** The student page's address with the class filled in (the page reads `?class=`), so students type only a name. */
export function studentLink(pageUrl: string, classId: string): string {
  const link = new URL(pageUrl);
  link.searchParams.set('class', classId);
  return link.href;
}
