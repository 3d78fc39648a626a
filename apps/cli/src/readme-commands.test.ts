/**
 * Every command the README documents works as written (issue 17, item 1), in a scratch classroom:
 * an embedded broker of its own (`classcast broker up` with CLASSCAST_RUN_DIR = a temp dir, never
 * the user's ~/.cache/classcast/run) and a teacher broadcasting the test pattern in the background,
 * so watch, replay, record, export and students have a lesson to read.
 *
 * How the README is read:
 * - The synopsis block under "## The command" uses placeholders (C, S, N, TIME, PATH…), `a|b`
 *   alternatives and `[...]` optional parts. SYNOPSIS below maps each of its lines (as written, without
 *   the `# comment`) to concrete invocations with the placeholders filled in, the alternatives and
 *   optional parts spelt out. A README line with no entry fails the test, and so does an entry whose
 *   line left the README: a new command cannot go into the README untested.
 * - Every `--flag` of a synopsis line must be one its command's `--help` lists (read from the
 *   program in-process: `classcast no-such --help` prints the top help and exits 0, so a CLI run proves nothing).
 * - Every `classcast …` named in the README's prose must be a command that exists.
 * - docs/CLASSROOM.md, KAFKA-TOOLS.md and SECURITY.md: every `classcast …` they name exists, and each
 *   `classcast` line of their sh blocks names a command with flags its --help lists (their blocks
 *   run in the tests their `<!-- test: … -->` markers name, or need a secured cluster).
 * - Each invocation must exit with its documented code (0 unless said) and print no stack trace.
 *   Commands that run until Ctrl-C (teach, watch, record, gateway, classroom) get SIGINT once they
 *   print that they work, and must then exit 0.
 * - What needs a 3-node or a secured cluster of its own (more JVMs, a minute or more) is run for real
 *   by the test named in `coveredBy`; here its flags are checked against --help, and the access
 *   commands must refuse the scratch (open) broker in one line. `--source desktop` needs a display:
 *   coveredBy as well.

 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { brokerDown } from '@classcast/broker';
import type { Command } from 'commander';
import { createProgram } from './program.js';
import { classcast, type Run } from './test-helpers.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const README = readFileSync(join(REPO, 'README.md'), 'utf8');

/** The class the background teacher broadcasts to, and the student of the synopsis (C and S). */
const C = 'readme';
const S = 'ada';

/** One concrete run of a README line. `${DIR}`, `${BROKERS}` and `${FILE}` are filled in at run time. */
interface Invocation {
  args: string[];
  /** The exit code the README documents (default 0). */
  exit?: number;
  /** Runs until Ctrl-C: wait for this on stderr, then SIGINT, then expect exit 0. */
  until?: RegExp;
  /** What it must print (stdout and stderr together). */
  prints?: RegExp;
}

interface Entry {
  runs: Invocation[];
  /** Command paths whose --help must list every --flag of the line (default: those of `runs`). */
  help?: string[][];
  /** The test that runs the parts that need a cluster of their own (3 nodes, secured). */
  coveredBy?: string;
}

const NO_AUTHORIZER = /^classcast: Kafka at \S+ has no authorizer, so it keeps no access rules/m;

/** Each line of the README's synopsis block (without its comment) and how it is run. */
const SYNOPSIS: Record<string, Entry> = {
  'classcast broker up [--nodes 1|3] | down | status | fetch': {
    // `down` is the last test of this file (it ends the scratch classroom); 3 nodes: coveredBy.
    runs: [
      { args: ['broker', 'up'], prints: /already|running|started/ },
      { args: ['broker', 'up', '--nodes', '1'] },
      { args: ['broker', 'status'], prints: /node 1 pid \d+ port \d+/ },
      { args: ['broker', 'fetch'], prints: /Kafka jars in / },
    ],
    help: [
      ['broker', 'up'],
      ['broker', 'down'],
      ['broker', 'status'],
      ['broker', 'fetch'],
    ],
    coveredBy: 'packages/broker/src/three-node.test.ts',
  },
  'classcast broker start --node N': {
    runs: [{ args: ['broker', 'start', '--node', '1'] }],
    coveredBy: 'packages/broker/src/broker-restart.test.ts (a dead node of 3 started again)',
  },
  'classcast broker up --secure [--users-file FILE]': {
    runs: [],
    help: [['broker', 'up']],
    coveredBy: 'apps/cli/src/local-broker-tls.test.ts',
  },
  // The scratch broker is open (no authorizer): the access commands must say so in one line, exit 1.
  'classcast class grant|revoke --class C --teacher T | --student S': {
    runs: [
      { args: ['class', 'grant', '--class', C, '--teacher', 'tom'], exit: 1, prints: NO_AUTHORIZER },
      { args: ['class', 'revoke', '--class', C, '--student', S], exit: 1, prints: NO_AUTHORIZER },
    ],
    coveredBy: 'apps/cli/src/commands/access.test.ts (a broker with ACLs)',
  },
  'classcast class access --class C': {
    runs: [{ args: ['class', 'access', '--class', C], exit: 1, prints: NO_AUTHORIZER }],
    coveredBy: 'apps/cli/src/commands/access.test.ts (a broker with ACLs)',
  },
  'classcast teach --class C --source test|desktop[:N]|window:TITLE|window:#ID|region:X,Y,W,H[@N]|folder:PATH --fps N --quality Q [--codec jpeg|webp|png] [--scale S] [--no-deltas] [--print-frames]':
    {
      runs: [
        { args: ['teach', '--class', 'readme-teach', '--source', 'test', '--fps', '5', '--quality', '60'], until: /sent [1-9]\d* pictures/ },
        {
          args: [
            'teach',
            '--class',
            'readme-teach',
            '--source',
            'folder:${DIR}/slides',
            '--fps',
            '5',
            '--quality',
            '80',
            '--codec',
            'webp',
            '--scale',
            '0.5',
            '--no-deltas',
          ],
          until: /sent [1-9]\d* pictures/,
        },
        { args: ['teach', '--class', 'readme-teach', '--source', 'test', '--fps', '2', '--quality', '90', '--codec', 'png'], until: /sent [1-9]\d* pictures/ },
      ],
      coveredBy:
        'packages/capture/src/desktop-source.test.ts (--source desktop, under Xvfb), packages/capture/src/window-source.test.ts and apps/cli/src/teach-window.test.ts (desktop:N, window:…, region:…, on an X desktop with two monitors)',
    },
  'classcast watch --class C --student S [--out DIR] [--print-frames]': {
    runs: [
      { args: ['watch', '--class', C, '--student', S, '--out', '${DIR}/watched'], until: /received [1-9]\d* pictures/ },
      { args: ['watch', '--class', C, '--student', 'bo'], until: /received [1-9]\d* pictures/ },
    ],
  },
  'classcast replay --class C [--partition P --offset O | --from TIME] [--to TIME|OFFSET] [--out DIR] [--speed S]': {
    runs: [
      { args: ['replay', '--class', C, '--from', '-10s', '--out', '${DIR}/replayed'] },
      { args: ['replay', '--class', C, '--partition', '0', '--offset', '0', '--to', '5'] },
      { args: ['replay', '--class', C, '--from', '-5s', '--to', '-2s', '--speed', '4'] },
    ],
  },
  'classcast record --class C --out DIR [--pool NAME]': {
    runs: [
      { args: ['record', '--class', C, '--out', '${DIR}/recorded'], until: /recorded [1-9]\d* pictures/ },
      { args: ['record', '--class', C, '--out', '${DIR}/recorded-pool', '--pool', 'night'], until: /recorded [1-9]\d* pictures/ },
    ],
  },
  'classcast export --class C --from T1 [--to T2] --format mp4|gif|pdf|png --out PATH': {
    runs: [
      { args: ['export', '--class', C, '--from', '-6s', '--format', 'mp4', '--out', '${DIR}/lesson.mp4'] },
      { args: ['export', '--class', C, '--from', '-6s', '--to', '-0s', '--format', 'gif', '--out', '${DIR}/lesson.gif'] },
      { args: ['export', '--class', C, '--from', '-6s', '--format', 'pdf', '--out', '${DIR}/lesson.pdf'] },
      { args: ['export', '--class', C, '--from', '-6s', '--format', 'png', '--out', '${DIR}/lesson-png'] },
    ],
  },
  'classcast class create|list|describe|alter|config|delete ...': {
    runs: [
      { args: ['class', 'create', '--class', 'readme-admin'] },
      { args: ['class', 'list'], prints: /readme-admin/ },
      { args: ['class', 'describe', '--class', 'readme-admin'] },
      { args: ['class', 'alter', '--class', 'readme-admin', '--partitions', '2'] },
      { args: ['class', 'config', '--class', 'readme-admin', '--retention', '2d'] },
      { args: ['class', 'delete', '--class', 'readme-admin'] },
    ],
  },
  'classcast class create|config --class C [--retention 7d] [--retention-bytes 20G] [--min-insync N] [--max-frame-bytes N (config)] [--max-picture WxH]': {
    runs: [
      {
        args: ['class', 'create', '--class', 'readme-set', '--retention', '7d', '--retention-bytes', '20G', '--min-insync', '1', '--max-picture', '1920x1080'],
      },
      {
        args: [
          'class',
          'config',
          '--class',
          'readme-set',
          '--retention',
          '7d',
          '--retention-bytes',
          '20G',
          '--min-insync',
          '1',
          '--max-frame-bytes',
          '8000000',
          '--max-picture',
          '2560x1440',
        ],
      },
    ],
  },
  'classcast class describe --class C': {
    runs: [{ args: ['class', 'describe', '--class', C], prints: /min\.insync\.replicas|max-picture/ }],
  },
  'classcast class reassign generate|execute|verify ...': {
    runs: [
      { args: ['class', 'reassign', 'generate', '--class', C, '--broker-list', '1', '--out', '${DIR}/plan.json'], prints: /Proposed partition reassignment/ },
      { args: ['class', 'reassign', 'execute', '--plan', '${DIR}/plan.json'] },
      { args: ['class', 'reassign', 'verify', '--plan', '${DIR}/plan.json'], prints: /completed/ },
    ],
  },
  'classcast students --class C [--student S]': {
    runs: [
      { args: ['students', '--class', C], prints: new RegExp(`${S}\\s+\\w+\\s+lag \\d+ frames`) },
      { args: ['students', '--class', C, '--student', S], prints: new RegExp(`${S} `) },
    ],
  },
  'classcast students prune --class C [--empty-for D] [--dry-run]': {
    runs: [
      { args: ['students', 'prune', '--class', C, '--empty-for', '2h', '--dry-run'], prints: /would remove/ },
      { args: ['students', 'prune', '--class', C], prints: /removed \d+/ },
    ],
  },
  'classcast students reset --class C --student S --to earliest|latest|TIME': {
    runs: [
      { args: ['students', 'reset', '--class', C, '--student', S, '--to', 'earliest'] },
      { args: ['students', 'reset', '--class', C, '--student', S, '--to', 'latest'] },
      { args: ['students', 'reset', '--class', C, '--student', S, '--to', '-1m'] },
    ],
  },
  'classcast announce --class C "text"': {
    runs: [{ args: ['announce', '--class', C, 'Quiz in 5 minutes'] }],
  },
  'classcast announce --class C --eyes-on-me': {
    runs: [{ args: ['announce', '--class', C, '--eyes-on-me'] }],
  },
  // On the open scratch broker: the decisions go first, so the student finds itself accepted and shares at once.
  'classcast share accept|decline|take-back --class C --student S': {
    runs: [
      { args: ['share', 'decline', '--class', 'readme-share', '--student', S] },
      { args: ['share', 'take-back', '--class', 'readme-share', '--student', S] },
      { args: ['share', 'accept', '--class', 'readme-share', '--student', S] },
    ],
    help: [['share']],
    coveredBy: 'apps/cli/src/share.test.ts and packages/kafka/src/share.test.ts (a secured broker: the agent grants and revokes)',
  },
  'classcast share --class C --student S [--source SPEC]': {
    runs: [{ args: ['share', '--class', 'readme-share', '--student', S, '--source', 'test'], until: /sharing ada's screen/ }],
    coveredBy: 'apps/cli/src/share.test.ts (offer, wait for the accept, take-back, on a secured broker)',
  },
  'classcast share-agent --class C': {
    runs: [{ args: ['share-agent', '--class', C], exit: 1, prints: NO_AUTHORIZER }],
    coveredBy: 'apps/cli/src/share.test.ts (a secured broker)',
  },
  'classcast gateway [--port N (0 = any free)] [--cert F --key F] [--allow-origin O]... [--student-login open|password]': {
    runs: [
      { args: ['gateway', '--port', '0'], until: /Students open:/ },
      {
        args: [
          'gateway',
          '--port',
          '0',
          '--cert',
          '${DIR}/cert.pem',
          '--key',
          '${DIR}/key.pem',
          '--allow-origin',
          'https://a.example',
          '--allow-origin',
          'https://b.example',
          '--student-login',
          'open',
        ],
        until: /Students open:\n\s+https:/,
      },
      { args: ['gateway', '--port', '0', '--student-login', 'password'], until: /Students open:/ },
    ],
  },
  'classcast kafka-tool <tool> [args...]': {
    runs: [
      { args: ['kafka-tool', 'topics', '--bootstrap-server', '${BROKERS}', '--list'], prints: /classcast\.readme\.frames/ },
      { args: ['kafka-tool', 'kafka-consumer-groups.sh', '--bootstrap-server', '${BROKERS}', '--list'] },
      { args: ['kafka-tool', '--help'] },
    ],
    help: [],
  },
  'classcast classroom [--secure [--students a,b,c]]': {
    runs: [{ args: ['classroom', '--port', '0', '--class', 'readme-room', '--source', 'test'], until: /Press Ctrl-C/ }],
    help: [['classroom']],
    coveredBy: 'apps/cli/src/classroom-secure.test.ts (--secure)',
  },
};

/** Extra runs that are not a synopsis variant but a README promise ("export … --out PATH" into a new folder). */
const EXTRA_RUNS: Invocation[] = [{ args: ['export', '--class', C, '--from', '-6s', '--format', 'pdf', '--out', '${DIR}/new-folder/lesson.pdf'] }];

// ---------------------------------------------------------------------------------------------

/** The lines of each ```sh block under a heading (or the whole file). */
function shBlocks(markdown: string, underHeading?: string): string[][] {
  let text = markdown;
  if (underHeading) {
    const start = markdown.indexOf(`\n${underHeading}\n`);
    if (start < 0) throw new Error(`README has no heading "${underHeading}"`);
    const next = markdown.indexOf('\n## ', start + underHeading.length + 2);
    text = markdown.slice(start, next < 0 ? undefined : next);
  }
  return [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!.split('\n').filter((line) => line.trim() !== ''));
}

/** A synopsis line as SYNOPSIS keys it: without its `# comment`, spaces collapsed. */
function synopsisKey(line: string): string {
  return line
    .replace(/\s#\s.*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const synopsis = shBlocks(README, '## The command')
  .flat()
  .filter((line) => line.startsWith('classcast '))
  .map(synopsisKey);

/** `classcast …` named in inline code anywhere in the README: the command words, alternatives spelt out. */
function inlineCommands(markdown: string): string[][] {
  const found = new Map<string, string[]>();
  for (const match of markdown.matchAll(/`(?:npx )?classcast ([^`]+)`/g)) {
    const words: string[][] = [[]];
    for (const word of match[1]!.split(/\s+/)) {
      if (!/^[a-z][a-z|-]*$/.test(word)) break;
      const alternatives = word.split('|').filter(Boolean);
      const expanded = words.flatMap((prefix) => alternatives.map((alternative) => [...prefix, alternative]));
      words.splice(0, words.length, ...expanded);
      if (word === 'kafka-tool') break; // what follows is the tool's
    }
    for (const command of words) if (command.length > 0) found.set(command.join(' '), command);
  }
  return [...found.values()];
}

const fill = (args: string[]) => args.map((arg) => arg.replace('${DIR}', dir).replace('${BROKERS}', brokers));
const keyOf = (invocation: Invocation) => invocation.args.join(' ');
const env = () => ({ CLASSCAST_RUN_DIR: runDir });
const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$|node:internal/m;

let runDir: string;
let dir: string;
let brokers: string;
let teacher: Run;

async function finished(run: Run): Promise<{ code: number; output: string }> {
  const code = await run.exit;
  return { code, output: `${run.stdout}\n${run.stderr}` };
}

async function runInvocation(invocation: Invocation): Promise<void> {
  const run = classcast(fill(invocation.args), env());
  if (invocation.until) {
    await run.waitForOutput(invocation.until, 90_000);
    // A person reads the line before pressing Ctrl-C; a signal in the same millisecond can land
    // before the command has set its handler up (the default: killed, no exit code).
    await new Promise((resolve) => setTimeout(resolve, 500));
    run.kill('SIGINT');
  }
  // A command that hangs fails with what it printed, not with vitest's bare timeout.
  const hung = setTimeout(() => run.kill('SIGKILL'), 60_000);
  const { code, output } = await finished(run).finally(() => clearTimeout(hung));
  expect(code, `classcast ${keyOf(invocation)}\n${output}`).toBe(invocation.exit ?? 0);
  expect(output, `classcast ${keyOf(invocation)} printed a stack trace`).not.toMatch(STACK_TRACE);
  if (invocation.prints) expect(output).toMatch(invocation.prints);
}

/** The command the words name (`class create`), from the program the built CLI runs; throws if there is none. */
function findCommand(words: string[]): Command {
  let command = createProgram();
  for (const word of words) {
    const next = command.commands.find((sub) => sub.name() === word);
    if (!next) throw new Error(`classcast has no command "${words.join(' ')}" ("${word}" is not a subcommand of "${command.name()}")`);
    command = next;
  }
  return command;
}

/** What `classcast <words> --help` prints (read in-process: forty CLI starts would cost a minute). */
const helpText = (words: string[]) => findCommand(words).helpInformation();

/** The command path of an invocation: its words before the first flag (`class create`, `students`). */
function commandPath(args: string[]): string[] {
  const words: string[] = [];
  for (const arg of args) {
    if (arg.startsWith('-')) break;
    words.push(arg);
  }
  // `announce` takes its text and `share` its decision as an argument, not a subcommand.
  return words.slice(0, words[0] === 'announce' || words[0] === 'share' ? 1 : undefined);
}

beforeAll(async () => {
  runDir = await mkdtemp(join(tmpdir(), 'classcast-readme-run-'));
  dir = await mkdtemp(join(tmpdir(), 'classcast-readme-out-'));
  // A folder of two slides for `--source folder:PATH`, a certificate for `gateway --cert --key`.
  await mkdir(join(dir, 'slides'));
  for (const [name, colour] of [
    ['1.png', '#2050a0'],
    ['2.png', '#a05020'],
  ] as const)
    await sharp({ create: { width: 320, height: 200, channels: 3, background: colour } })
      .png()
      .toFile(join(dir, 'slides', name));
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=localhost'].concat([
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ]),
    { stdio: 'ignore' },
  );

  const up = await finished(classcast(['broker', 'up'], env()));
  if (up.code !== 0) throw new Error(`broker up failed: ${up.output}`);
  const status = await finished(classcast(['broker', 'status'], env()));
  brokers = / at (\S+)/.exec(status.output)![1]!;
  // The lesson the viewers read: a teacher broadcasting the test pattern until the last test.
  teacher = classcast(['teach', '--class', C, '--source', 'test', '--fps', '5', '--scale', '0.5'], env());
  await teacher.waitForOutput(/sent [1-9]\d* pictures/, 60_000);
  // A student with a group of its own, so students, prune and reset have someone to show.
  const student = classcast(['watch', '--class', C, '--student', S], env());
  await student.waitForOutput(/received [1-9]\d* pictures/, 30_000);
  student.kill('SIGINT');
  await student.exit;
}, 180_000);

afterAll(async () => {
  teacher?.kill('SIGKILL');
  await brokerDown({ stateDir: runDir, removeData: true, timeoutMs: 2000 });
  await rm(runDir, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
});

describe('the README synopsis', () => {
  test('every line of "## The command" has an entry in SYNOPSIS, and every entry a line', () => {
    expect(synopsis.length).toBeGreaterThan(10);
    expect(
      synopsis.filter((line) => !(line in SYNOPSIS)),
      'README lines without an entry in SYNOPSIS',
    ).toEqual([]);
    expect(
      Object.keys(SYNOPSIS).filter((line) => !synopsis.includes(line)),
      'SYNOPSIS entries no longer in the README',
    ).toEqual([]);
  });

  for (const [line, entry] of Object.entries(SYNOPSIS)) {
    test(`the flags of: ${line}`, () => {
      const flags = [...new Set(line.match(/--[a-z][a-z-]*/g) ?? [])];
      const paths = entry.help ?? [...new Map(entry.runs.map((run) => [commandPath(run.args).join(' '), commandPath(run.args)])).values()];
      if (paths.length === 0) return; // kafka-tool: the flags are the tool's own
      const help = paths.map(helpText).join('\n');
      expect(
        flags.filter((flag) => !help.includes(flag)),
        `flags of "${line}" missing from --help`,
      ).toEqual([]);
    });
    for (const invocation of entry.runs) {
      const key = keyOf(invocation);
      test(`classcast ${key}`, () => runInvocation(invocation), 180_000);
    }
  }

  for (const invocation of EXTRA_RUNS) {
    const key = keyOf(invocation);
    test(`classcast ${key}`, async () => {
      await runInvocation(invocation);
      await stat(fill([invocation.args.at(-1)!])[0]!);
    });
  }
});

describe('the README prose', () => {
  const named = inlineCommands(README).map((command) => command.join(' '));
  test('names classcast commands', () => expect(named.length).toBeGreaterThan(5));
  for (const name of named) test(`classcast ${name} exists`, () => void findCommand(name.split(' ')));
});

/**
 * The docs' command blocks are run by the tests their `<!-- test: … -->` markers name (or need a
 * cluster of their own); here each `classcast …` line in them must name a command that exists, with
 * flags its --help lists, so a renamed command or flag cannot leave them stale.
 */
const DOCS = ['docs/CLASSROOM.md', 'docs/KAFKA-TOOLS.md', 'docs/SECURITY.md'];

describe.each(DOCS)('%s', (doc) => {
  const markdown = readFileSync(join(REPO, doc), 'utf8');
  const lines = shBlocks(markdown)
    .flat()
    .map((line) => line.trim())
    .filter((line) => line.startsWith('classcast '));
  const named = inlineCommands(markdown).map((command) => command.join(' '));

  for (const name of named) test(`names classcast ${name}, which exists`, () => void findCommand(name.split(' ')));
  for (const line of lines) {
    test(`runs as written, by its command and flags: ${line}`, () => {
      const words = synopsisKey(line).split(' ').slice(1);
      let command = createProgram();
      for (const word of words) {
        const next = command.commands.find((sub) => sub.name() === word);
        if (!next) break;
        command = next;
      }
      expect(command.name(), `"${line}" names no classcast command`).not.toBe('classcast');
      if (command.name() === 'kafka-tool') return; // the flags are the tool's own
      const help = command.helpInformation();
      const flags = words.filter((word) => word.startsWith('--')).map((flag) => flag.replace(/=.*$/, ''));
      expect(
        flags.filter((flag) => !help.includes(flag)),
        `flags of "${line}" missing from classcast ${command.name()} --help`,
      ).toEqual([]);
    });
  }
});

test('the scratch lesson was watched, replayed, recorded and exported', async () => {
  for (const folder of ['watched', 'replayed', 'recorded', 'lesson-png']) expect((await readdir(join(dir, folder))).length, folder).toBeGreaterThan(0);
  for (const file of ['lesson.mp4', 'lesson.gif', 'lesson.pdf']) expect((await stat(join(dir, file))).size, file).toBeGreaterThan(0);
});

test('classcast broker down (the last README broker command: it ends the scratch classroom)', async () => {
  teacher.kill('SIGINT');
  expect(await teacher.exit).toBe(0);
  const down = await finished(classcast(['broker', 'down'], env()));
  expect(down.code, down.output).toBe(0);
  expect(down.output).toMatch(/stopped/);
  const status = await finished(classcast(['broker', 'status'], env()));
  expect(status.code, 'broker status exits 3 when no writes are possible').toBe(3);
});
