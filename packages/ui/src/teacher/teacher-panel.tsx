/**
 * TeacherPanel: the teacher's controls — class id, what to share (screens and windows offered by
 * the app), fps and quality, start / pause / resume / stop, "eyes on me" — and the status line
 * with how many students watch. Presentational: it owns no state; the app passes values and callbacks.
 */
import { useId, type ReactNode } from 'react';
import {
  classIdProblem,
  FPS_CHOICES,
  panelControls,
  QUALITY_RANGE,
  teacherStatusLine,
  watchingText,
  type TeacherBroadcastState,
  type TeacherStats,
} from './teacher-panel-model.js';
import type { AnnounceResult } from './announcement-form.js';
import { EyesOnMeButton } from './eyes-on-me-button.js';
import { SourcePicker, type CaptureChoice } from './source-picker.js';
import { TeacherStyleSheet } from './teacher-styles.js';

export interface TeacherPanelProps {
  classId: string;
  onClassIdChange(classId: string): void;
  /** The app's own list, or 'browser-picker': the browser asks what to share at Start (getDisplayMedia). */
  sources: readonly CaptureChoice[] | 'browser-picker';
  sourceId: string | undefined;
  onSourceChange(sourceId: string): void;
  /** Asks the app for a fresh list (a window opened since); no button when absent. */
  onRefreshSources?(): void;
  fps: number;
  onFpsChange(fps: number): void;
  quality: number;
  onQualityChange(quality: number): void;
  state: TeacherBroadcastState;
  stats: TeacherStats;
  onStart(): void;
  onPause(): void;
  onResume(): void;
  onStop(): void;
  /** "Eyes on me": every student back to live and asked to go full screen; no button when absent. */
  onEyesOnMe?(): Promise<AnnounceResult>;
  /** More controls at the end of the panel (the announcement form). */
  children?: ReactNode;
}

export function TeacherPanel(props: TeacherPanelProps) {
  const ids = { classId: useId(), fps: useId(), quality: useId() };
  const problem = classIdProblem(props.classId);
  const can = panelControls(props.state, {
    classIdValid: problem === undefined,
    sourceChosen: props.sources === 'browser-picker' || props.sources.some((source) => source.id === props.sourceId),
  });
  return (
    <section className="cc-teacher-panel" aria-label="Broadcast controls">
      <TeacherStyleSheet />
      <div className="cc-field">
        <label htmlFor={ids.classId}>Class</label>
        <input
          id={ids.classId}
          name="classId"
          value={props.classId}
          disabled={!can.editSetup}
          aria-invalid={problem !== undefined}
          onChange={(event) => props.onClassIdChange(event.target.value.trim())}
        />
        {problem !== undefined && props.classId.length > 0 && <p className="cc-field-problem">{problem}</p>}
      </div>
      {props.sources === 'browser-picker' ? (
        <p className="cc-source-browser">Share: your browser asks which screen, window or tab when you press Start.</p>
      ) : (
        <SourcePicker
          sources={props.sources}
          sourceId={props.sourceId}
          disabled={!can.editSetup}
          onSourceChange={props.onSourceChange}
          onRefresh={props.onRefreshSources}
        />
      )}
      <div className="cc-field">
        <label htmlFor={ids.fps}>Frames per second</label>
        <select id={ids.fps} name="fps" value={props.fps} onChange={(event) => props.onFpsChange(Number(event.target.value))}>
          {FPS_CHOICES.map((fps) => (
            <option key={fps} value={fps}>
              {fps}
            </option>
          ))}
        </select>
      </div>
      <div className="cc-field">
        <label htmlFor={ids.quality}>Quality {props.quality}</label>
        <input
          id={ids.quality}
          name="quality"
          type="range"
          {...QUALITY_RANGE}
          value={props.quality}
          onChange={(event) => props.onQualityChange(Number(event.target.value))}
        />
      </div>
      <div className="cc-buttons">
        <button type="button" name="start" disabled={!can.start} onClick={props.onStart}>
          Start
        </button>
        {can.resume ? (
          <button type="button" name="resume" onClick={props.onResume}>
            Resume
          </button>
        ) : (
          <button type="button" name="pause" disabled={!can.pause} onClick={props.onPause}>
            Pause
          </button>
        )}
        <button type="button" name="stop" disabled={!can.stop} onClick={props.onStop}>
          Stop
        </button>
      </div>
      <p className="cc-teacher-status" role="status" data-state={props.state}>
        {teacherStatusLine(props.state, props.stats)} · <span className="cc-watching">{watchingText(props.stats.watching)}</span>
      </p>
      {props.onEyesOnMe && <EyesOnMeButton disabled={problem !== undefined} onEyesOnMe={props.onEyesOnMe} />}
      {props.stats.lastError !== undefined && (
        <p className="cc-teacher-error" role="alert">
          {props.stats.lastError}
        </p>
      )}
      {props.children}
    </section>
  );
}
