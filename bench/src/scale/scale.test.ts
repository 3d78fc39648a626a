import { describe, expect, it } from 'vitest';
import type { Frame } from '@classcast/protocol';
import { parseOptions } from '../options.js';
import type { SendRecord } from '../e2e/send-log.js';
import { parseSs } from './broker-egress.js';
import { loopedFrame } from './content.js';
import { deliveryFigures, kafkaDeliveries, picturesCaptured } from './delivery.js';
import { largestEgressShare, scaleVerdicts } from './scale-report.js';
import type { BrowserClassRun, ScaleFigures } from './run-scale.js';

describe('scale options', () => {
  it('takes the part as a plain word or with --only, and only when asked', () => {
    expect([...parseOptions(['scale']).parts]).toEqual(['scale']);
    expect([...parseOptions(['--only', 'scale']).parts]).toEqual(['scale']);
    expect(parseOptions([]).parts.has('scale')).toBe(false);
    expect(() => parseOptions(['scaling'])).toThrow(/unknown part "scaling"/);
  });

  it("defaults to issue 18's classes and scales down with flags or --quick", () => {
    expect(parseOptions(['scale']).scale).toMatchObject({ browserStudents: 500, desktopStudents: 300, contents: ['typing', 'scrolling'] });
    expect(parseOptions(['scale', '--students', '100', '--desktop-students', '30', '--seconds', '20', '--content', 'typing']).scale).toMatchObject({
      browserStudents: 100,
      desktopStudents: 30,
      seconds: 20,
      contents: ['typing'],
    });
    expect(parseOptions(['scale', '--quick']).scale.browserStudents).toBeLessThan(100);
    expect(() => parseOptions(['scale', '--content', 'video'])).toThrow(/--content video/);
    expect(parseOptions(['scale', '--classes', 'desktop']).scale.classes).toEqual(['desktop']);
    expect(() => parseOptions(['scale', '--students', '0'])).toThrow(/--students 0/);
  });
});

describe('looped content', () => {
  const frame = (sequence: number, kind: Frame['kind'], keySequence: number, refreshOf?: number): Frame => ({
    streamId: 'screen-0',
    kind,
    codec: 'jpeg',
    width: 8,
    height: 8,
    sequence,
    captureTime: sequence * 100,
    keySequence,
    keyCaptureTime: keySequence * 100,
    ...(refreshOf === undefined ? {} : { refreshOf }),
    payload: new Uint8Array(0),
  });
  const content = [frame(0, 'key', 0), frame(1, 'delta', 0), frame(2, 'key', 2, 1), frame(3, 'heartbeat', 2)].map((f, tick) => ({ tick, frame: f }));

  it('renumbers each loop so sequences keep rising and deltas name their own loop’s keyframe', () => {
    const keys = new Map<number, number>();
    const sent = [0, 1].flatMap((pass) => content.map((message, i) => loopedFrame(message, pass, content.length, 1000 * pass + i, keys)));
    expect(sent.map((f) => f.sequence)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(sent[5]).toMatchObject({ kind: 'delta', keySequence: 4, keyCaptureTime: 1000, captureTime: 1001 });
    expect(sent[6]).toMatchObject({ kind: 'key', keySequence: 6, refreshOf: 5 });
    expect(sent[7]).toMatchObject({ kind: 'heartbeat', keySequence: 6, keyCaptureTime: 1002 });
  });

  it('refuses a message whose keyframe was never sent', () => {
    expect(() => loopedFrame(content[1]!, 0, content.length, 5, new Map())).toThrow(/keyframe 0, which was not sent/);
  });
});

describe('delivery figures', () => {
  const send = (offset: number, capturedAt: number, kind: SendRecord['kind'] = 'delta') => ({ offset, capturedAt, kind }) as SendRecord;

  it('takes the pictures captured in the window, heartbeats left out', () => {
    const log = [send(0, 900), send(1, 1000), send(2, 1500, 'heartbeat'), send(3, 2000), send(4, 2100)];
    expect(picturesCaptured(log, 1000, 2000).map((s) => s.offset)).toEqual([1, 3]);
  });

  it('joins Kafka receipts to the sends by offset', () => {
    const window = [send(5, 1000), send(6, 1100)];
    const deliveries = kafkaDeliveries(window, [
      [
        [4, 990, 990],
        [5, 1020, 1020],
        [6, 1130, 1130],
      ],
      [[5, 1050, 1050]],
      [],
    ]);
    expect(deliveries).toEqual({ framesInWindow: [2, 1, 0], latencyMs: [20, 30, 50] });
  });

  it('gives each student’s rate, the lowest share and the students without a frame', () => {
    const figures = deliveryFigures({ framesInWindow: [40, 36, 0, 40], latencyMs: [10, 20, 30] }, 40, 10);
    expect(figures).toMatchObject({ students: 4, sentFps: 4, minShare: 0, studentsWithoutFrame: 1 });
    expect(figures.fps).toEqual({ min: 0, p1: 0, p50: 3.6 });
    expect(figures.latencyMs.p50).toBe(20);
  });
});

describe('broker egress', () => {
  it('reads addresses, owner and bytes acked from ss', () => {
    const text = [
      '0      0      127.0.0.1:9092     127.0.0.1:40000 users:(("java",pid=11,fd=5))',
      '\t bbr wscale:7,7 bytes_sent:120 bytes_acked:100 bytes_received:5',
      '0      0      127.0.0.1:40000     127.0.0.1:9092 users:(("node",pid=22,fd=9))',
      '\t bbr bytes_acked:7',
    ].join('\n');
    expect(parseSs(text)).toEqual([
      { local: '127.0.0.1:9092', peer: '127.0.0.1:40000', pid: 11, bytesAcked: 100 },
      { local: '127.0.0.1:40000', peer: '127.0.0.1:9092', pid: 22, bytesAcked: 7 },
    ]);
  });

  it("finds the largest broker's share by its own counter, or by the kernel's without one", () => {
    const tcpOnly = [10, 30, 60].map((toClientsBytes, i) => ({ nodeId: i + 1, port: 9092 + i, topicBytesOut: undefined, toClientsBytes, toBrokersBytes: 999 }));
    expect(largestEgressShare(tcpOnly)).toBeCloseTo(0.6);
    const withJmx = tcpOnly.map((broker, i) => ({ ...broker, topicBytesOut: [40, 30, 30][i] }));
    expect(largestEgressShare(withJmx)).toBeCloseTo(0.4);
  });
});

describe('scale verdicts', () => {
  const run = (overrides: Partial<BrowserClassRun>): BrowserClassRun => ({
    students: 500,
    machineBusyPercent: 80,
    ready: 500,
    delivery: deliveryFigures({ framesInWindow: Array.from({ length: 500 }, () => 37), latencyMs: [40, 60, 90] }, 37, 10),
    errors: [],
    gatewayCores: 0.5,
    gatewayRssMb: 200,
    gatewayKbPerStudent: 120,
    gatewayFramesDropped: 0,
    lateJoinMs: 400,
    ...overrides,
  });
  const figures = (large: BrowserClassRun): ScaleFigures => ({
    kafkaVersion: '4.1.1',
    gatewayLimits: 'raised',
    browser: [
      {
        content: { name: 'typing', description: '', contentSeconds: 30, mbPerSecond: 0.01, messagesPerSecond: 4 },
        gatewayIdleRssMb: 100,
        baseline: run({}),
        large,
      },
    ],
    senderErrors: [],
  });

  it('passes a class that meets every browser target', () => {
    expect(scaleVerdicts(figures(run({}))).every((verdict) => verdict.pass)).toBe(true);
  });

  it('says by how much a target is missed', () => {
    const verdicts = scaleVerdicts(figures(run({ gatewayKbPerStudent: 450, lateJoinMs: 3000 })));
    expect(verdicts.find((v) => v.target.includes('memory per student'))).toMatchObject({ pass: false, missedBy: '50% over' });
    expect(verdicts.find((v) => v.target.includes('late joiner'))).toMatchObject({ pass: false, missedBy: '200% over' });
  });
});
