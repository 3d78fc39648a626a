#!/usr/bin/env node
/**
 * `npm run bench`: the encode benchmark (tile deltas against whole-frame JPEG, four synthetic
 * scenarios and two real captures, with x264 and VP9 on the same frames: issue 12),
 * the browser decode benchmark (off the main thread against <img>) and the end-to-end benchmark
 * (30 students on a real Kafka, against plain kafkajs); `--only long-lesson` the half-hour lesson;
 * `scale` (or `--only scale`) issue 18's classes of 500 browser and 300 desktop students;
 * `upload` what the teacher console's page uploads to the gateway (issue 19).
 * A report with PASS/MISS per target on stdout, the figures in bench/results/latest.json.
 */
import { DEFAULT_ENCODER_SETTINGS, DEFAULT_TILE_SIZE } from '@classcast/codec';
import os from 'node:os';
import { decodeNotes, decodeTable } from './decode/decode-report.js';
import { runDecodeBench } from './decode/run-decode.js';
import { e2eLatencyTable, e2eLoadTable, e2eVerdicts, e2eWarnings } from './e2e/e2e-report.js';
import { runE2eBench } from './e2e/run-e2e.js';
import { WARM_UP_MS } from './e2e/measured-run.js';
import { ANCHOR_NOTES, anchorTable, anchorVerdicts } from './anchors/anchor-report.js';
import { encodeLoadLine, encodeTable, encodeVerdicts, oneCoreTable } from './encode/encode-report.js';
import { longLessonHeading, longLessonSamplesTable, longLessonSummary } from './long-lesson/long-lesson-report.js';
import { runLongLesson } from './long-lesson/run-long-lesson.js';
import { runEncodeBench } from './encode/run-encode.js';
import { runScaleBench } from './scale/run-scale.js';
import { runUploadBench, uploadTable } from './upload/run-upload.js';
import { printScaleReport, scaleVerdicts } from './scale/scale-report.js';
import { describeMachine, machineLine } from './machine.js';
import { parseOptions } from './options.js';
import { FPS, type ScenarioName } from './scenarios/index.js';
import { writeResults, type BenchResults } from './results-file.js';
import { verdictLine } from './targets.js';

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const machine = describeMachine();
  const results: BenchResults = {
    startedAt: new Date().toISOString(),
    machine,
    options: { ...options, parts: [...options.parts] },
    encoder: { ...DEFAULT_ENCODER_SETTINGS, tileSize: DEFAULT_TILE_SIZE, keyframeIntervalMs: 10_000 },
    verdicts: [],
  };
  console.log(`classcast bench${options.quick ? ' (quick smoke run: figures are indicative only)' : ''}`);
  console.log(`machine: ${machineLine(machine)}\n`);

  if (options.parts.has('encode')) {
    const encode = await runEncodeBench(options.encodeSeconds, options.scenarios, options.anchorScenarios);
    results.encode = encode.scenarios;
    results.encodeSkipped = encode.skipped;
    console.log(
      `Encode, 1920x1080 at 10 fps, ${options.encodeSeconds} s of each scenario, sharp on one thread; JPEG q${DEFAULT_ENCODER_SETTINGS.quality} 4:4:4, ${DEFAULT_TILE_SIZE} px tiles, keyframe every 10 s`,
    );
    console.log('classcast = tile deltas; whole JPEG = every frame as one JPEG, the baseline; ratio c/b = classcast / baseline (fps: speed-up).');
    console.log('MB/min counts Kafka key + value + headers, heartbeats included. CPU ms/frame = the whole process (main thread + sharp worker).');
    console.log(
      'student ms/frame = a student decoding and drawing what it receives (the compositor), averaged over all frames. PSNR: composited picture vs source, every 5th frame.\n',
    );
    console.log(`${encodeTable(results.encode)}\n`);
    console.log(`${encodeLoadLine(results.encode)}\n`);
    const pinned = oneCoreTable(results.encode);
    console.log(
      pinned
        ? `classcast's encoder alone on the same frames, in a process pinned to one CPU (taskset), sharp on one thread:\n\n${pinned}\n`
        : 'n/a one-core run: taskset (util-linux) not found\n',
    );
    const anchors = anchorTable(results.encode);
    if (anchors) {
      console.log(`Issue 12: classcast against x264 and VP9 on the same frames\n${ANCHOR_NOTES.join('\n')}\n`);
      console.log(`${anchors}\n`);
    }
    for (const { scenario, description, note } of results.encode) if (note) console.log(`${scenario} (${description}): ${note}`);
    if (encode.anchorsSkipped) console.log(`skipped x264 and VP9: ${encode.anchorsSkipped}\n`);
    for (const { scenario, reason } of encode.skipped) console.log(`skipped ${scenario}: ${reason}\n`);
    results.verdicts.push(...encodeVerdicts(results.encode), ...anchorVerdicts(results.encode));
  }

  if (options.parts.has('decode')) {
    results.decode = await runDecodeBench(options.decodeRounds);
    console.log(
      `Decode in the browser (issue 4, item 4): ${results.decode[0]?.browser ?? 'Chromium'}, typing scenario, ${options.decodeRounds} rounds; ms per picture from bytes to drawn canvas`,
    );
    console.log(
      "main = time the main thread spends in the viewer's own calls for one picture; longest stall = longest main-thread gap seen by a ping-pong running alongside.",
    );
    console.log('Baseline (×img): <img> + drawImage, which decodes on the main thread.\n');
    console.log(`${decodeTable(results.decode)}\n`);
    for (const line of decodeNotes(results.decode)) console.log(`n/a ${line}\n`);
  }

  if (options.parts.has('e2e')) {
    results.e2e = await runE2eBench({ seconds: options.e2eSeconds, students: options.students, processes: options.studentProcesses });
    console.log(
      `End to end, typing at 1080p ${FPS} fps, ${options.students} students in ${options.studentProcesses} processes, single-node Kafka ${results.e2e.kafkaVersion}, ${options.e2eSeconds} s per run, first ${WARM_UP_MS / 1000} s left out\n`,
    );
    console.log(`${e2eLatencyTable(results.e2e)}\n`);
    console.log(`Load during the runs (%core: 100 = one core busy; others = the machine's other work)\n`);
    console.log(`${e2eLoadTable(results.e2e, os.availableParallelism())}\n`);
    const warnings = e2eWarnings(results.e2e, FPS);
    if (warnings.length > 0) console.log(`${warnings.map((warning) => `warning: ${warning}`).join('\n')}\n`);
    results.verdicts.push(...e2eVerdicts(results.e2e));
  }

  if (options.parts.has('long-lesson')) {
    results.longLesson = await runLongLesson({
      minutes: options.minutes,
      students: options.students,
      composing: options.composing,
      sampleSeconds: options.sampleSeconds,
    });
    console.log(`${longLessonHeading(results.longLesson)}\n`);
    console.log(`${longLessonSamplesTable(results.longLesson)}\n`);
    console.log(`${longLessonSummary(results.longLesson)}\n`);
  }

  if (options.parts.has('scale')) {
    results.scale = await runScaleBench(options.scale);
    printScaleReport(results.scale, options.scale);
    results.verdicts.push(...scaleVerdicts(results.scale));
  }

  if (options.parts.has('upload')) {
    const upload = options.quick ? ['terminal'] : ['terminal', 'browser-scroll', 'slides', 'video'];
    results.upload = await runUploadBench(options.encodeSeconds, upload as ScenarioName[]);
    console.log(
      `Issue 19: the teacher console's upload, page to gateway, 1920x1080 at ${FPS} fps, ${options.encodeSeconds} s of each; KB/s of upload messages (frame-upload.ts)`,
    );
    console.log(
      "baseline = every frame whole and raw; local = changed 64-pixel tiles raw (a console on the gateway's machine); deflated = the same, deflate-raw (any other console).",
    );
    console.log(
      "Kafka = what the teacher stream's encoder then makes of the same frames. page ms: Node's zlib at the default level, as Chromium's CompressionStream.\n",
    );
    console.log(`${uploadTable(results.upload)}\n`);
  }

  if (results.verdicts.length > 0) {
    console.log(`Targets (issues ${options.parts.has('scale') ? '4, 12 and 18' : '4 and 12'})`);
    for (const verdict of results.verdicts) console.log(verdictLine(verdict));
  }
  results.finishedAt = new Date().toISOString();
  await writeResults(options.out, results);
  console.log(`\nfigures: ${options.out}`);
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
