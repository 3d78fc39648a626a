#!/usr/bin/env node
// Writes docs/ERRORS.md from the table of error codes in @classcast/protocol (build first).
// e2e/src/error-codes-doc.test.ts fails when the doc and the table differ.
import { writeFileSync } from 'node:fs';
import { ERROR_CODES } from '../packages/protocol/dist/error-codes.js';

const AREAS = {
  protocol: 'Names and messages (@classcast/protocol)',
  codec: 'Pictures (@classcast/codec)',
  capture: 'Frame sources (@classcast/capture)',
  broker: 'Embedded Kafka (@classcast/broker)',
  flume: 'Flume agents (@classcast/flume)',
  kafka: 'Kafka: connecting, security, classes (@classcast/kafka)',
  stream: 'The class stream: teaching and watching (@classcast/stream)',
  desktop: 'Desktop IPC (@classcast/desktop)',
  ui: 'Viewer (@classcast/ui)',
  web: 'Web gateway (@classcast/web)',
  cli: 'Command line (classcast)',
  teacher: 'Teacher app',
  student: 'Student app',
};
const RETRY = { true: 'yes', false: 'no', depends: 'sometimes' };

const lines = [
  '# Error codes',
  '',
  'Every failure classcast reports carries a stable code (`ClasscastError.code`, and `code` in the',
  "gateway's and the apps' error messages) and says whether trying again can help",
  '(`ClasscastError.retriable`). The codes, their meaning and their retry rule live in one table,',
  '[packages/protocol/src/error-codes.ts](../packages/protocol/src/error-codes.ts); each package',
  'raises its own codes through its own error class (`BrokerError`, `KafkaError`, `WebError`…).',
  '',
  'Retry: **yes**, trying again (or waiting) can help; **no**, the same request fails the same way;',
  '**sometimes**, the error says so each time (`retriable`), from what caused it.',
  '',
  'This page is written by `node scripts/write-errors-doc.mjs` (after `npm run build`); a test fails',
  'when it and the table differ, or when a code in the table is raised nowhere.',
];
for (const [area, title] of Object.entries(AREAS)) {
  const rows = Object.entries(ERROR_CODES).filter(([, info]) => info.area === area);
  if (rows.length === 0) continue;
  lines.push('', `## ${title}`, '', '| Code | Retry | Meaning |', '| --- | --- | --- |');
  for (const [code, info] of rows) lines.push(`| \`${code}\` | ${RETRY[String(info.retriable)]} | ${info.meaning.replaceAll('|', '\\|')} |`);
}
writeFileSync(new URL('../docs/ERRORS.md', import.meta.url), `${lines.join('\n')}\n`);
