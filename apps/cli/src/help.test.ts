/**
 * `--help` works on every command and subcommand, as a newcomer tries it. Every path of
 * commander's command tree is parsed with `--help` in this process (a child process per path
 * would take minutes on a busy machine); the case the issue met is also run as the built command.
 * No broker is needed.
 */
import { readFileSync } from 'node:fs';
import { CommanderError, type Command } from 'commander';
import { expect, test } from 'vitest';
import { createProgram } from './program.js';
import { classcast } from './test-helpers.js';

function commandPaths(command: Command, path: string[] = []): string[][] {
  return [path, ...command.commands.flatMap((sub) => commandPaths(sub, [...path, sub.name()]))];
}

/** Runs `classcast <path> --help` on a fresh program; its exit code and what it printed. */
async function help(path: string[]): Promise<{ code: number; output: string }> {
  const program = createProgram();
  let output = '';
  const capture = (command: Command) => {
    command.exitOverride().configureOutput({ writeOut: (text) => (output += text), writeErr: (text) => (output += text) });
    command.commands.forEach(capture);
  };
  capture(program);
  try {
    await program.parseAsync([...path, '--help'], { from: 'user' });
    return { code: 0, output };
  } catch (error) {
    if (error instanceof CommanderError) return { code: error.exitCode, output };
    throw error;
  }
}

test('--help prints a usage and exits 0 on every command and subcommand', async () => {
  const paths = commandPaths(createProgram());
  expect(paths.length).toBeGreaterThan(20);
  const failures: string[] = [];
  for (const path of paths) {
    const { code, output } = await help(path);
    const usage = `Usage: classcast${path.map((name) => ` ${name}`).join('')} `;
    if (code !== 0 || !output.startsWith(usage)) failures.push(`classcast ${path.join(' ')} --help exited ${code}: ${output.split('\n')[0]}`);
  }
  expect(failures).toEqual([]);
});

test("the built `classcast kafka-tool --help` prints its usage; after the tool's name, --help is the tool's", { timeout: 120_000 }, async () => {
  const ours = classcast(['kafka-tool', '--help']);
  expect(await ours.exit).toBe(0);
  expect(ours.stdout).toMatch(/^Usage: classcast kafka-tool \[options\] <tool> \[args\.\.\.\]/);
  const theTools = classcast(['kafka-tool', 'no-such-tool', '--help']);
  await theTools.exit;
  expect(theTools.stdout).not.toMatch(/Usage: classcast kafka-tool/);
});

test('every `classcast <command>` the README and docs/SECURITY.md name exists', () => {
  const program = createProgram();
  const known = new Set(commandPaths(program).map((path) => path.join(' ')));
  const named = ['../../../README.md', '../../../docs/SECURITY.md'].flatMap((doc) => {
    const text = readFileSync(new URL(doc, import.meta.url), 'utf8');
    return [...text.matchAll(/`classcast ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?/g)].map(([, command, word]) => ({ command: command!, word }));
  });
  expect(named.length).toBeGreaterThan(5);
  // The first word is a command; after a command with subcommands, the next word is one of them.
  const missing = named
    .filter(({ command, word }) => {
      const hasSubcommands = (program.commands.find((c) => c.name() === command)?.commands.length ?? 0) > 0;
      return !known.has(command) || (hasSubcommands && word !== undefined && !known.has(`${command} ${word}`));
    })
    .map(({ command, word }) => `classcast ${command} ${word ?? ''}`.trim());
  expect(missing).toEqual([]);
});
