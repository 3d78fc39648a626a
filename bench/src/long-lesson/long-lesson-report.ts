/** The long-lesson bench's report: the samples as a table, then memory trends and the topic's disk use. */
import { fixed, formatTable } from '../table.js';
import { FLAT_GROWTH_MB, FLAT_SLOPE_MB_PER_10_MIN } from './memory-trend.js';
import type { LongLessonFigures, ProcessMemory } from './run-long-lesson.js';

const MIB = 1024 * 1024;
const memory = (m: ProcessMemory) => `${fixed(m.rssMb, 0)} / ${fixed(m.heapUsedMb, 1)} / ${fixed(m.externalMb, 1)}`;

export function longLessonHeading(f: LongLessonFigures): string {
  const r = f.retention;
  return [
    `Long lesson: ${f.options.minutes} min of 1080p at 10 fps (typing and slides in turn), ${f.options.students} WebSocket students of the web gateway (${f.options.composing} drawing every picture), single-node Kafka`,
    `class topic: retention.ms ${r.retentionMs}, retention.bytes ${r.retentionBytes} (${r.retentionBytes / MIB} MiB), segment.ms ${r.segmentMs}, segment.bytes ${r.segmentBytes} (${r.segmentBytes / MIB} MiB); broker checks retention every 5 s`,
  ].join('\n');
}

export function longLessonSamplesTable(f: LongLessonFigures): string {
  return formatTable(
    [
      't s',
      'screen',
      'gateway rss/heap/ext MB',
      'students rss/heap/ext MB',
      'teacher rss/heap/ext MB',
      'broker rss MB',
      'topic MiB',
      'segments',
      'offsets kept',
    ],
    f.samples.map((s) => [
      s.t,
      s.showing,
      memory(s.gateway),
      memory(s.students),
      memory(s.teacher),
      fixed(s.brokerRssMb, 0),
      fixed(s.topicBytes / MIB, 2),
      s.segments,
      `${s.lowOffset}..${s.highOffset}`,
    ]),
  );
}

export function longLessonSummary(f: LongLessonFigures): string {
  const window = f.trendWindowSeconds >= 60 ? `${fixed(f.trendWindowSeconds / 60, 1)} min` : `${f.trendWindowSeconds} s`;
  const rows = (['gateway', 'students', 'teacher'] as const).flatMap((who) =>
    (['rss', 'heap'] as const).map((kind) => {
      const t = f.trends[who][kind];
      return [
        `${who} ${kind}`,
        fixed(t.firstMeanMb, 1),
        fixed(t.lastMeanMb, 1),
        fixed(t.lastMeanMb - t.firstMeanMb, 1),
        fixed(t.maxMb, 1),
        fixed(t.slopeMbPer10Min, 2),
        t.flat ? 'flat' : 'GROWING',
      ];
    }),
  );
  const lastSample = f.samples.at(-1);
  // Size retention keeps the log under retention.bytes plus the active segment; a deleted segment's
  // files stay for file.delete.delay.ms (1 s) and the indexes take a little more.
  const boundBytes = f.retention.retentionBytes + 2 * f.retention.segmentBytes;
  const students = f.students;
  return [
    `Memory after the first ${f.trendWarmUpSeconds} s (start-up): mean of the first and the last ${window}, least-squares slope over the rest of the run (flat: slope ≤ ${FLAT_SLOPE_MB_PER_10_MIN} MB per 10 min or last ≤ first + ${FLAT_GROWTH_MB} MB)`,
    '',
    formatTable(['process', `first ${window} MB`, `last ${window} MB`, 'change MB', 'max MB', 'slope MB/10 min', 'verdict'], rows),
    '',
    `Topic disk use: max ${fixed(f.maxTopicBytes / MIB, 2)} MiB, at the end ${fixed((lastSample?.topicBytes ?? NaN) / MIB, 2)} MiB; retention.bytes + two segments = ${fixed(boundBytes / MIB, 0)} MiB; ` +
      `sent ${fixed(f.bytesSent / MIB, 1)} MiB in ${f.framesSent} frames; oldest offset kept at the end ${lastSample?.lowOffset ?? '-'} of ${lastSample?.highOffset ?? '-'} → ${f.maxTopicBytes <= boundBytes ? 'held by retention' : 'OVER the retention bound'}`,
    students
      ? `Students: ${students.students} received ${students.framesMin}–${students.framesMax} frames each; ${students.composed} pictures drawn; ${students.jumps} frames skipped by the gateway's back-pressure; ${students.bad} bad; statuses seen: ${Object.entries(
          students.statuses,
        )
          .map(([status, n]) => `${status} (${n})`)
          .join(', ')}` + (students.errors.length > 0 ? `; errors: ${students.errors.join(' | ')}` : '')
      : 'Students: no report',
    f.gateway
      ? `Gateway: ${f.gateway.sessions} sessions, ${f.gateway.framesSent} frames sent, ${f.gateway.framesDropped} dropped by back-pressure`
      : 'Gateway: no report',
    f.teacherErrors.length > 0 ? `Teacher errors: ${f.teacherErrors.join(' | ')}` : 'Teacher: no error',
  ].join('\n');
}
