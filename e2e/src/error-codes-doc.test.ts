/**
 * Keeps the one table of error codes (packages/protocol/src/error-codes.ts), docs/ERRORS.md and
 * the code that raises them in step: a code missing from the doc, a code raised nowhere, or a
 * code string that is not in the table fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';
import { ERROR_CODES } from '@classcast/protocol';

const root = new URL('../..', import.meta.url).pathname;
const TABLE = 'packages/protocol/src/error-codes.ts';
const RETRY = { true: 'yes', false: 'no', depends: 'sometimes' } as const;
const CODE = /\bCC_[A-Z0-9]+(?:_[A-Z0-9]+)*\b/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist') return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mjs)$/.test(entry.name) ? [relative(root, path)] : [];
  });
}

const files = ['packages', 'apps', 'e2e', 'bench', 'scripts', 'test-support'].flatMap((dir) => sourceFiles(join(root, dir)));
const isTest = (file: string) => /\.test\.tsx?$|test-helpers\.ts$/.test(file);
const read = (file: string) => readFileSync(join(root, file), 'utf8');

test('docs/ERRORS.md lists every code of the table, with its retry rule and meaning, and no other', () => {
  const rows = new Map<string, string>();
  for (const match of read('docs/ERRORS.md').matchAll(/^\| `(CC_[A-Z0-9_]+)` \| (.*) \|$/gm)) rows.set(match[1]!, match[2]!);
  const expected = Object.entries(ERROR_CODES).map(([code, info]) => [code, `${RETRY[`${info.retriable}`]} | ${info.meaning.replaceAll('|', '\\|')}`]);
  expect([...rows], 'run `npm run build && node scripts/write-errors-doc.mjs`').toEqual(expected);
});

test('every code of the table is raised somewhere outside tests', () => {
  const used = new Set(files.filter((file) => file !== TABLE && !isTest(file)).flatMap((file) => read(file).match(CODE) ?? []));
  const unused = Object.keys(ERROR_CODES).filter((code) => !used.has(code));
  expect(unused, 'codes no code raises: remove them from the table and the doc').toEqual([]);
});

test('every code string in the sources, tests included, is in the table', () => {
  const unknown = files.flatMap((file) => (read(file).match(CODE) ?? []).filter((code) => !Object.hasOwn(ERROR_CODES, code)).map((code) => `${file}: ${code}`));
  expect(unknown).toEqual([]);
});
