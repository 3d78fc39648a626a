/**
 * The teacher's page, in the Electron teacher app and in the browser teacher console alike:
 * TeacherPanel wired to a TeacherApi (IPC to main, or the gateway's WebSocket). The page owns
 * capture (getDisplayMedia of the screen or window chosen in the panel, or in the browser's own
 * picker, grabbed by ScreenGrabber); the other side owns the broadcast and reports its status,
 * which the panel shows as it comes. On a setup with logins the teacher logs in first
 * (teacher-login.tsx: a Kafka password, or the school's sign-in), and every start and
 * announcement carries that login. While broadcasting,
 * when the other side takes pen marks (TeacherApi.annotate), a preview of what is shared shows
 * under the pen layer (PenLayer), and each mark goes to the class's annotation topic. While
 * broadcasting, when the other side reads the class's share offers (TeacherApi.shareState), the
 * "Students' screens" section lists them with Accept / Decline and "Take the screen back".
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Credentials, LoginMethod, TeacherStatus } from '@classcast/protocol';
import { AnnouncementForm } from './announcement-form.js';
import { PenLayer } from './pen-layer.js';
import { startScreenGrabber, type ScreenGrabber } from './screen-grabber.js';
import type { CaptureChoice, ScreenRegion } from './source-picker.js';
import type { TeacherApi } from './teacher-api.js';
import { TeacherLogin, TeacherSignIn } from './teacher-login.js';
import { classIdProblem } from './teacher-panel-model.js';
import { TeacherPanel } from './teacher-panel.js';
import { StudentsScreens } from './students-screens.js';
import { useShareState } from './use-share-state.js';

export interface TeacherAppProps {
  api: TeacherApi;
  mediaDevices: Pick<MediaDevices, 'getDisplayMedia'>;
  /** How this setup's teachers log in; without it, no login step. */
  login?: LoginMethod;
  /** The class filled in at first (the console's `?class=`). */
  initialClassId?: string;
  /** Who signed in already (the console back from the school's sign-in, with the token). */
  initialCredentials?: Credentials;
  /** Why the school's sign-in did not sign the teacher in, shown on the sign-in step. */
  signInProblem?: string;
  /** With school sign-in (`login.method` oidc): the host goes to the school's sign-in page. */
  onSignIn?(classId: string): void;
}

const NOTHING_SENT = { sentFrames: 0, fps: 0, bytes: 0 };
const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function TeacherApp({ api, mediaDevices, login, initialClassId = '', initialCredentials, signInProblem, onSignIn }: TeacherAppProps) {
  const [credentials, setCredentials] = useState<Credentials | undefined>(initialCredentials);
  const [sources, setSources] = useState<CaptureChoice[]>([]);
  const [sourceId, setSourceId] = useState<string>();
  const [region, setRegion] = useState<ScreenRegion>();
  const [classId, setClassId] = useState(initialClassId);
  const [fps, setFps] = useState(10);
  const [quality, setQuality] = useState(75);
  const [status, setStatus] = useState<TeacherStatus>({ state: 'idle', stats: NOTHING_SENT });
  const grabber = useRef<ScreenGrabber | undefined>(undefined);
  const [preview, setPreview] = useState<MediaStream>();
  const broadcasting = status.state === 'live' || status.state === 'paused';
  const shares = useShareState(api, broadcasting ? classId : undefined, credentials);

  const stopCapture = useCallback(() => {
    grabber.current?.stop();
    grabber.current = undefined;
    setPreview(undefined);
  }, []);
  const refreshSources = useCallback(async () => {
    if (!api.listSources) return;
    const found = await api.listSources();
    setSources(found);
    setSourceId((current) => (found.some((source) => source.id === current) ? current : found[0]?.id));
  }, [api]);
  const failed = (lastError: string) => setStatus((now) => ({ state: 'idle', stats: { ...now.stats, lastError } }));
  // A frame that did not make it: worth showing, but the broadcast goes on.
  const noted = (lastError: string) => setStatus((now) => ({ ...now, stats: { ...now.stats, lastError } }));

  useEffect(() => void refreshSources().catch((error: unknown) => failed(`could not list screens and windows: ${reasonOf(error)}`)), [refreshSources]);
  useEffect(
    () =>
      api.onStatus((next) => {
        setStatus(next);
        // A broadcast that ended on the other side (a failure, the app quitting) ends the capture too.
        if (next.state === 'stopped' || next.state === 'idle') stopCapture();
      }),
    [api, stopCapture],
  );

  async function stop(): Promise<void> {
    stopCapture();
    await api.stop();
  }

  async function start(): Promise<void> {
    if (api.chooseSource && !sourceId) return;
    setStatus({ state: 'starting', stats: NOTHING_SENT });
    let stream: MediaStream;
    try {
      // The app hands getDisplayMedia the source chosen here, so no system picker appears; a
      // browser shows its own.
      if (api.chooseSource && sourceId) await api.chooseSource(sourceId);
      stream = await mediaDevices.getDisplayMedia({ video: { frameRate: fps }, audio: false });
    } catch (error) {
      return failed(`could not capture the screen: ${reasonOf(error)}`);
    }
    const result = await api
      .start({ classId, fps, quality, ...(credentials ? { credentials } : {}) })
      .catch((error: unknown) => ({ ok: false as const, message: reasonOf(error) }));
    if (!result.ok) {
      for (const track of stream.getTracks()) track.stop();
      return failed(result.message);
    }
    try {
      // A region is of a screen: a window is always shared whole.
      const screenChosen = sources.find((source) => source.id === sourceId)?.kind === 'screen';
      grabber.current = await startScreenGrabber({
        stream,
        fps,
        region: screenChosen ? region : undefined,
        send: (frame) => api.sendFrame(frame),
        onEnded: () => void stop(),
        onError: (error) => noted(`a captured frame did not reach the broadcast: ${reasonOf(error)}`),
      });
      setPreview(stream);
    } catch (error) {
      for (const track of stream.getTracks()) track.stop();
      await api.stop();
      failed(error instanceof RangeError ? error.message : `could not play the captured screen: ${reasonOf(error)}`);
    }
  }

  if (login?.method === 'password' && !credentials) return <TeacherLogin onLogin={setCredentials} />;
  if (login?.method === 'oidc' && !credentials) {
    return <TeacherSignIn provider={login.provider} {...(signInProblem ? { problem: signInProblem } : {})} onSignIn={() => onSignIn?.(classId)} />;
  }
  const idle = status.state === 'idle' || status.state === 'stopped';
  return (
    <TeacherPanel
      classId={classId}
      onClassIdChange={setClassId}
      sources={api.listSources ? sources : 'browser-picker'}
      sourceId={sourceId}
      onSourceChange={setSourceId}
      {...(api.listSources ? { onRefreshSources: () => void refreshSources() } : {})}
      region={region}
      onRegionChange={setRegion}
      fps={fps}
      onFpsChange={(next) => {
        setFps(next);
        grabber.current?.setFps(next);
        void api.update({ fps: next });
      }}
      quality={quality}
      onQualityChange={(next) => {
        setQuality(next);
        void api.update({ quality: next });
      }}
      state={status.state}
      stats={status.stats}
      onStart={() => void start()}
      onPause={() => {
        grabber.current?.pause();
        void api.pause();
      }}
      onResume={() => {
        grabber.current?.resume();
        void api.resume();
      }}
      onStop={() => void stop()}
      onEyesOnMe={() => api.eyesOnMe(classId, credentials)}
    >
      {preview && api.annotate && (
        <PenLayer
          onAnnotation={(annotation) =>
            void api.annotate?.(classId, annotation, credentials).then(
              (result) => !result.ok && noted(`a pen mark did not reach the class: ${result.message}`),
              (error: unknown) => noted(`a pen mark did not reach the class: ${reasonOf(error)}`),
            )
          }
        >
          <SharedPreview stream={preview} />
        </PenLayer>
      )}
      {broadcasting && api.shareState && api.decideShare && (
        <StudentsScreens
          state={shares.state}
          problem={shares.problem}
          onDecide={async (student, decision) => {
            const result = await api.decideShare!(classId, student, decision, credentials);
            shares.refresh();
            return result;
          }}
        />
      )}
      <AnnouncementForm disabled={classIdProblem(classId) !== undefined} onAnnounce={(text) => api.announce(classId, text, credentials)} />
      {credentials && (
        <p className="cc-teacher-user">
          Logged in as {credentials.username} {/* A running broadcast keeps the login it started with: log out once it has stopped. */}
          <button type="button" disabled={!idle} onClick={() => setCredentials(undefined)}>
            Log out
          </button>
        </p>
      )}
    </TeacherPanel>
  );
}

/** What is shared, as the students see it, under the pen. */
function SharedPreview({ stream }: { stream: MediaStream }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return undefined;
    video.srcObject = stream;
    video.play().catch(() => undefined);
    return () => void (video.srcObject = null);
  }, [stream]);
  return <video ref={ref} className="cc-preview" muted playsInline aria-label="What you share" />;
}
