/**
 * The end-to-end part of the report: latency of each run against plain kafkajs with the same
 * bytes, the load during each run, and the verdicts on the latency and overhead targets.
 */
import type { Summary } from '../stats.js';
import { fixed, formatTable } from '../table.js';
import { atMost, TARGETS, type Verdict } from '../targets.js';
import type { E2eFigures } from './run-e2e.js';

export function e2eLatencyTable(figures: E2eFigures): string {
  const { plain, receive, compose } = figures.runs;
  const base = plain.latency.delivery;
  const row = (title: string, timed: string, summary: Summary, frames: number, missing: number) => [
    title,
    timed,
    frames,
    missing,
    fixed(summary.p50),
    fixed(summary.p95),
    fixed(summary.p99),
    fixed(summary.max),
    fixed(summary.p50 / base.p50, 2),
    fixed(summary.p99 / base.p99, 2),
  ];
  const byKind = compose.latency.captureToComposedByKind;
  const rows = [
    row('plain kafkajs, same bytes', 'send → eachMessage', base, plain.latency.frames, plain.latency.missing),
    row('', 'send → acked', plain.latency.sendAck, plain.latency.frames, Number.NaN),
    row('classcast Subscription, same bytes', 'send → onFrame', receive.latency.delivery, receive.latency.frames, receive.latency.missing),
    row('', 'send → acked', receive.latency.sendAck, receive.latency.frames, Number.NaN),
    row(
      `classcast live, ${figures.students} composing`,
      'capture → composed',
      compose.latency.captureToComposed,
      compose.latency.frames,
      compose.latency.missing,
    ),
    row('  of which', 'capture → send', compose.latency.captureToSend, compose.latency.frames, Number.NaN),
    row('', 'send → onFrame', compose.latency.delivery, compose.latency.frames, Number.NaN),
    row('', 'onFrame → composed', compose.latency.receivedToComposed, compose.latency.frames, Number.NaN),
    ...(['key', 'delta'] as const).flatMap((kind) => {
      const summary = byKind[kind];
      return summary ? [row(`  ${kind} frames only`, 'capture → composed', summary, summary.count / compose.latency.students, Number.NaN)] : [];
    }),
  ];
  return formatTable(['run', 'timed', 'frames', 'missing', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'p50 ×plain', 'p99 ×plain'], rows);
}

export function e2eLoadTable(figures: E2eFigures, cores: number): string {
  const rows = (['compose', 'receive', 'plain'] as const).map((mode) => {
    const { load, messages, payloadBytes } = figures.runs[mode];
    const ours = load.teacherCpuPercent + load.brokerCpuPercent + load.studentsCpuPercent;
    return [
      mode,
      fixed(load.wallSeconds),
      `${messages} / ${fixed(payloadBytes / 1e6, 2)} MB`,
      fixed(messages / load.wallSeconds),
      fixed(load.machineBusyPercent, 0),
      `${fixed(load.loadAverage1m.before, 2)} → ${fixed(load.loadAverage1m.after, 2)}`,
      fixed(load.teacherCpuPercent, 0),
      fixed(load.brokerCpuPercent, 0),
      fixed(load.studentsCpuPercent, 0),
      fixed(Math.max(0, load.machineBusyPercent * cores - ours), 0),
      // What one student spends on one message: the figure that, times students, fills the cores.
      fixed(((load.studentsCpuPercent / 100) * load.wallSeconds * 1000) / (messages * figures.students), 2),
      load.studentsMaxRssMb,
    ];
  });
  return formatTable(
    [
      'run',
      'wall s',
      'messages / payload',
      'sent fps',
      'machine busy %',
      'load 1m',
      'teacher %core',
      'broker %core',
      'students %core',
      'others %core',
      'CPU ms per message per student',
      'students RSS MB',
    ],
    rows,
  );
}

export function e2eVerdicts(figures: E2eFigures): Verdict[] {
  const { plain, receive, compose } = figures.runs;
  return [
    atMost(
      `end-to-end p99, capture → composed, ${figures.students} students, 1080p 10 fps typing`,
      compose.latency.captureToComposed.p99,
      TARGETS.e2eP99Ms,
      ' ms',
    ),
    atMost('classcast over plain kafkajs, same bytes, delivery p50', receive.latency.delivery.p50 / plain.latency.delivery.p50, TARGETS.overheadRatio, '×'),
    atMost('classcast over plain kafkajs, same bytes, delivery p99', receive.latency.delivery.p99 / plain.latency.delivery.p99, TARGETS.overheadRatio, '×'),
  ];
}

/** Warnings a reader needs before trusting the tables: a teacher that fell behind, lost frames, errors. */
export function e2eWarnings(figures: E2eFigures, fps: number): string[] {
  const warnings: string[] = [];
  const live = figures.runs.compose;
  const sentFps = live.messages / live.load.wallSeconds;
  if (sentFps < fps * 0.95)
    warnings.push(
      `the live teacher sent ${fixed(sentFps)} fps, not ${fps}: capture, encode and send did not fit in the frame time (machine busy ${fixed(live.load.machineBusyPercent, 0)}%)`,
    );
  for (const run of Object.values(figures.runs)) {
    if (run.latency.missing > 0) warnings.push(`${run.mode}: ${run.latency.missing} of ${run.latency.expected} frames never reached their student`);
    if (run.errors.length > 0) warnings.push(`${run.mode}: student errors: ${run.errors.join('; ')}`);
  }
  if (figures.teacherErrors.length > 0) warnings.push(`teacher errors: ${figures.teacherErrors.join('; ')}`);
  return warnings;
}
