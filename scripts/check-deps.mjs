#!/usr/bin/env node
// Checks the architecture written down in docs/ARCHITECTURE.md: which workspace may import which.
// protocol is the root and imports nothing; apps never import each other; nobody deep-imports; and
// code that only tests use is named as test code, so the build leaves it out of dist.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const ALLOWED = {
  protocol: [],
  codec: ['protocol'],
  capture: ['protocol', 'codec'],
  broker: ['protocol'],
  kafka: ['protocol'],
  stream: ['protocol', 'codec', 'capture', 'kafka'],
  ui: ['protocol'],
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
// and encodes it (codec); the gateway's tests run a real teacher stream (codec, stream/teacher); the
// viewer's pixel test in Chromium draws the real encoder's stream and compares with Node's compositor (codec).
const TEST_ONLY_EXTRA = { flume: ['kafka'], student: ['capture', 'codec'], web: ['codec'], ui: ['codec'], e2e: ['flume'] };
// Declared subpath exports: the teacher stream (it loads sharp, so the student side never does),
// for the apps that teach, for the desktop student's "Share my screen" (its main process encodes
// the student's screen as a teacher's), and for tests; the shared test fixtures and helpers, for tests only.
const SUBPATHS = { 'stream/teacher': ['teacher', 'student', 'cli', 'web', 'e2e', 'bench'] };
const TEST_SUBPATHS = ['testing', 'teacher'];
// Test code: *.test.ts(x), and helpers only tests import, named *test-helpers.ts. Every tsconfig
// excludes both from the build (tsconfig.test.json checks them), so nothing of it lands in dist.
const isTestFile = (file) => /\.test\.tsx?$|test-helpers\.ts$/.test(file);
// A package's own testing entry (src/testing.ts, exported as ./testing) builds on the others' fixtures.
const isTestingEntry = (file) => /\/src\/testing\.ts$/.test(file);
// e2e is all tests: its helpers need no test name.
const TESTS_ONLY_WORKSPACES = ['e2e'];
const root = new URL('..', import.meta.url).pathname;
const workspaces = ['packages', 'apps']
  .flatMap((dir) => readdirSync(join(root, dir)).map((name) => ({ name, dir: join(root, dir, name, 'src') })))
  .concat(['e2e', 'bench'].map((name) => ({ name, dir: join(root, name, 'src') })));

const problems = [];
/** module path → the files that import it with a relative path */
const importers = new Map();
for (const { name, dir } of workspaces) {
  const allowed = ALLOWED[name];
  if (!allowed) {
    problems.push(`${name}: not listed in scripts/check-deps.mjs; add it with the packages it may import`);
    continue;
  }
  for (const file of walk(dir)) {
    const text = readFileSync(file, 'utf8');
    if (!TESTS_ONLY_WORKSPACES.includes(name)) {
      for (const match of text.matchAll(/(?:from|import\()\s*['"](\.\.?\/[^'"]+)\.js['"]/g)) {
        const target = join(dirname(file), match[1]);
        // Only modules of this workspace's src (test-support/ is test code by its place).
        if (target.startsWith(dir)) importers.set(target, [...(importers.get(target) ?? []), file]);
      }
    }
    // e2e is all tests: its helpers are test code whatever their name.
    const testCode = isTestFile(file) || TESTS_ONLY_WORKSPACES.includes(name);
    for (const match of text.matchAll(/(?:from|import\()\s*['"](@classcast\/[^'"]+)['"]/g)) {
      const [scope, pkg, ...rest] = match[1].split('/');
      const where = relative(root, file);
      const allowedHere = testCode ? [...allowed, ...TEST_ONLY, ...(TEST_ONLY_EXTRA[name] ?? [])] : allowed;
      if (!allowedHere.includes(pkg) && pkg !== name) problems.push(`${where}: ${name} may not import @classcast/${pkg}`);
      // Subpath exports that a package declares (like protocol/testing) are public; anything else is a deep import.
      const subpath = `${pkg}/${rest.join('/')}`;
      const declared =
        rest.length === 1 && ((SUBPATHS[subpath] ?? []).includes(name) || (TEST_SUBPATHS.includes(rest[0]) && (testCode || isTestingEntry(file))));
      if (rest.length > 0 && !declared) {
        problems.push(`${where}: deep import ${match[1]}; use the package's public entry`);
      }
      void scope;
    }
  }
}
for (const [target, from] of importers) {
  const file = [`${target}.ts`, `${target}.tsx`].find((candidate) => existsSync(candidate));
  if (file && !isTestFile(file) && !isExported(file) && from.every(isTestFile)) {
    problems.push(`${relative(root, file)}: only tests import it; name it *test-helpers.ts so it is not built into dist`);
  }
  // The build leaves test code out only while shipped code does not import it.
  const shipped = file && isTestFile(file) ? from.find((importer) => !isTestFile(importer)) : undefined;
  if (shipped) problems.push(`${relative(root, shipped)}: imports test code ${relative(root, file)}`);
}
/** A module its package.json exports (src/x.ts built to dist/x.js), like protocol/testing: public, whoever imports it. */
function isExported(file) {
  const packageDir = dirname(file).replace(/\/src(\/.*)?$/, '');
  const { exports = {} } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const built = relative(join(packageDir, 'src'), file).replace(/\.tsx?$/, '.js');
  return JSON.stringify(exports).includes(`./dist/${built}`);
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
