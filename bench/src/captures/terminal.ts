/**
 * The `terminal` scene: xterm at 1920x1080 with a big font and a blinking cursor, running vim,
 * into which xdotool types a few lines of code at about 8 characters a second (a teacher typing
 * live), with pauses as a person makes.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { waitForWindow, xdotool, type Scene } from './record.js';
import { start, sleep } from './spawned.js';

const LINES = [
  'def fizzbuzz(n):',
  '    for i in range(1, n + 1):',
  '        if i % 15 == 0:',
  '            print("FizzBuzz")',
  '        elif i % 3 == 0:',
  '            print("Fizz")',
];
const CHAR_DELAY_MS = 125; // 8 characters a second

export const terminalScene: Scene = {
  async open(display, workDir) {
    const file = path.join(workDir, 'fizzbuzz.py');
    await writeFile(file, '');
    // -u NONE: no vimrc, no auto-indent (the indentation is typed); -n: no swap file; -bc: xterm's blinking cursor.
    const env = { ...process.env, DISPLAY: display };
    const xterm = start('xterm', ['-fa', 'Monospace', '-fs', '14', '-bc', '-geometry', '160x48+0+0', '-e', 'vim', '-u', 'NONE', '-N', '-n', file], { env });
    await waitForWindow(display, 'xterm', 15_000);
    await sleep(1500);
    await xdotool(display, ['mousemove', '400', '300']);
    await xdotool(display, ['type', '--delay', '200', 'i']);
    return [xterm];
  },
  async drive(display, seconds) {
    const deadline = Date.now() + seconds * 1000;
    for (const line of LINES) {
      if (Date.now() + (line.length + 1) * CHAR_DELAY_MS > deadline) break;
      await xdotool(display, ['type', '--delay', String(CHAR_DELAY_MS), `${line}\n`]);
      await sleep(600); // a person looks at what they typed
    }
    // The rest of the time the cursor only blinks.
    await sleep(Math.max(0, deadline - Date.now()));
  },
};
