import { expect, test } from 'vitest';
import { classIdProblem, panelControls, teacherStatusLine, watchingText, type TeacherBroadcastState } from './teacher-panel-model.js';

const ready = { classIdValid: true, sourceChosen: true };

test.each<[TeacherBroadcastState, string]>([
  ['idle', 'start edit'],
  ['starting', ''],
  ['live', 'pause stop'],
  ['paused', 'resume stop'],
  ['stopping', ''],
  ['stopped', 'start edit'],
])('in state %s the panel allows: %s', (state, allowed) => {
  const controls = panelControls(state, ready);
  const names = [controls.start && 'start', controls.pause && 'pause', controls.resume && 'resume', controls.stop && 'stop', controls.editSetup && 'edit'];
  expect(names.filter(Boolean).join(' ')).toBe(allowed);
});

test('start needs a usable class id and a chosen source', () => {
  expect(panelControls('idle', { classIdValid: false, sourceChosen: true }).start).toBe(false);
  expect(panelControls('idle', { classIdValid: true, sourceChosen: false }).start).toBe(false);
});

test('class ids are checked with the same rule as Kafka names', () => {
  expect(classIdProblem('physics-7b')).toBeUndefined();
  expect(classIdProblem('')).toBe('enter a class id');
  expect(classIdProblem('physics 7b')).toMatch(/class id "physics 7b" is not valid/);
});

test('the status line says the state, and counts once frames flow', () => {
  expect(teacherStatusLine('idle', { sentFrames: 0, fps: 0, bytes: 0 })).toBe('not broadcasting');
  expect(teacherStatusLine('live', { sentFrames: 120, fps: 9.84, bytes: 3_140_000 })).toBe('live · 120 frames · 9.8 fps · 3.1 MB sent');
  expect(teacherStatusLine('stopped', { sentFrames: 3, fps: 0, bytes: 812 })).toBe('broadcast ended · 3 frames · 0.0 fps · 812 byte sent');
});

test('watching counts read as a sentence, and say when not yet known', () => {
  expect([undefined, 0, 1, 12].map(watchingText)).toEqual(['students watching: …', '0 students watching', '1 student watching', '12 students watching']);
});
