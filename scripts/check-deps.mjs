#!/usr/bin/env node
// Checks the architecture written down in docs/ARCHITECTURE.md: which workspace may import which.
// protocol is the root and imports nothing; apps never import each other; nobody deep-imports.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ALLOWED = {
  protocol: [],
  codec: ['protocol'],
  capture: ['protocol', 'codec'],
  broker: ['protocol'],
  kafka: ['protocol'],
  stream: ['protocol', 'codec', 'kafka'],
  ui: ['protocol', 'codec'],
  desktop: ['protocol'],
  flume: ['protocol', 'broker'],
  cli: ['protocol', 'codec', 'capture', 'broker', 'kafka', 'stream', 'web'],
  teacher: ['protocol', 'codec', 'capture', 'kafka', 'stream', 'ui', 'desktop'],
  student: ['protocol', 'kafka', 'stream', 'ui', 'desktop'],
  web: ['protocol', 'kafka', 'stream', 'ui'],
  e2e: ['protocol', 'codec', 'capture', 'broker', 'kafka', 'stream', 'web'],
  bench: ['protocol', 'codec', 'broker', 'kafka', 'stream', 'web'],
};
// Tests may also start a real broker (the embedded Kafka is test infrastructure everywhere).
const TEST_ONLY = ['broker'];
// Interop tests (Flume) produce class frames with the kafka package; the browser test of
// announcements starts a real Flume agent (only tests: the student page never needs Flume).
// The desktop student's timeline test draws the counter slide and reads its counter back (capture)
// and encodes it (codec); the gateway's tests run a real teacher stream (codec, stream/teacher).
const TEST_ONLY_EXTRA = { flume: ['kafka'], student: ['capture', 'codec'], web: ['codec'], e2e: ['flume'] };
// Declared subpath exports: the teacher stream (it loads sharp, so the student side never does),
// for the apps that teach and for tests; the shared test fixtures and helpers, for tests only.
const SUBPATHS = { 'stream/teacher': ['teacher', 'cli', 'e2e', 'bench'] };
const TEST_SUBPATHS = ['testing', 'teacher'];
const isTestFile = (file) => /\.test\.tsx?$|test-helpers\.ts$/.test(file);
const root = new URL('..', import.meta.url).pathname;
const workspaces = ['packages', 'apps'].flatMap((dir) =>
  readdirSync(join(root, dir)).map((name) => ({ name, dir: join(root, dir, name, 'src') })),
).concat(['e2e', 'bench'].map((name) => ({ name, dir: join(root, name, 'src') })));

const problems = [];
for (const { name, dir } of workspaces) {
  const allowed = ALLOWED[name];
  if (!allowed) {
    problems.push(`${name}: not listed in scripts/check-deps.mjs; add it with the packages it may import`);
    continue;
  }
  for (const file of walk(dir)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from|import\()\s*['"](@classcast\/[^'"]+)['"]/g)) {
      const [scope, pkg, ...rest] = match[1].split('/');
      const where = relative(root, file);
      const allowedHere = isTestFile(file) ? [...allowed, ...TEST_ONLY, ...(TEST_ONLY_EXTRA[name] ?? [])] : allowed;
      if (!allowedHere.includes(pkg) && pkg !== name) problems.push(`${where}: ${name} may not import @classcast/${pkg}`);
      // Subpath exports that a package declares (like protocol/testing) are public; anything else is a deep import.
      const subpath = `${pkg}/${rest.join('/')}`;
      const declared = rest.length === 1 && ((SUBPATHS[subpath] ?? []).includes(name) || (TEST_SUBPATHS.includes(rest[0]) && isTestFile(file)));
      if (rest.length > 0 && !declared) {
        problems.push(`${where}: deep import ${match[1]}; use the package's public entry`);
      }
      void scope;
    }
  }
}
if (problems.length > 0) {
  console.error(`dependency check failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`dependency check: ${workspaces.length} workspaces follow docs/ARCHITECTURE.md`);

function* walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (/\.(ts|tsx|mts)$/.test(entry)) yield path;
  }
}
