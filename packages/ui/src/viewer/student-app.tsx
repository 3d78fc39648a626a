/**
 * The whole student screen, for the web page and the Electron renderer alike: the join screen,
 * then the viewer on the feed the app opens for that class; back to the join screen, with the
 * reason, when the join is refused or the student leaves.
 */
import { useEffect, useState } from 'react';
import { isFatalError, type LoginMethod } from '@classcast/protocol';
import type { FrameFeed } from './frame-feed.js';
import { JoinScreen, type SignedIn } from './join-screen.js';
import type { JoinRequest } from './join-request.js';
import { ShareScreenButton } from './share-screen-button.js';
import type { ShareScreenApi } from './share-screen-model.js';
import { Viewer } from './viewer.js';

export interface StudentAppProps {
  /** Opens the transport for a class (a WebSocket feed, an Electron port feed…). */
  openFeed(request: JoinRequest): FrameFeed;
  initial?: Partial<JoinRequest>;
  /** How the class server's students log in (the web page asks the gateway's /login.json). */
  login?: LoginMethod;
  /** School sign-in: who came back signed in (the page reads it from its address), and where to sign in. */
  signedIn?: SignedIn;
  onSignIn?(classId: string): void;
  /** Shown on the join screen at first: why a sign-in did not finish. */
  initialRefusal?: string;
  /** The teacher console's address, linked from the join screen (the web page's /teach). */
  teacherConsoleUrl?: string;
  /** The app enters full screen itself on "eyes on me" (the desktop student): the viewer asks nothing. */
  appFullScreen?: boolean;
  /** A host that can share this student's screen with the class (the desktop student): a "Share my screen" button; none when absent. */
  shareScreen?: ShareScreenApi;
}

interface Session {
  request: JoinRequest;
  feed: FrameFeed;
}

export function StudentApp({ openFeed, initial, login, signedIn, onSignIn, initialRefusal, teacherConsoleUrl, appFullScreen, shareScreen }: StudentAppProps) {
  const [session, setSession] = useState<Session | undefined>();
  const [last, setLast] = useState<Partial<JoinRequest> | undefined>(initial);
  const [refused, setRefused] = useState<string | undefined>(initialRefusal);

  useEffect(() => {
    if (!session) return undefined;
    return session.feed.subscribe((event) => {
      // A non-fatal error refused one request (shown by the viewer); the session goes on.
      if (event.type !== 'error' || !isFatalError(event)) return;
      session.feed.close();
      setRefused(event.message);
      setSession(undefined);
    });
  }, [session]);

  if (!session) {
    return (
      <JoinScreen
        initial={last}
        refused={refused}
        login={login}
        {...(signedIn ? { signedIn } : {})}
        {...(onSignIn ? { onSignIn } : {})}
        {...(teacherConsoleUrl ? { teacherConsoleUrl } : {})}
        onJoin={(request) => {
          // The password is not kept for the form: a refused join asks for it again.
          setLast({ classId: request.classId, student: request.student });
          setRefused(undefined);
          setSession({ request, feed: openFeed(request) });
        }}
      />
    );
  }
  return (
    <Viewer
      feed={session.feed}
      title={`${session.request.classId} · ${session.request.student}`}
      {...(appFullScreen ? { appFullScreen } : {})}
      {...(shareScreen ? { toolbarExtra: <ShareScreenButton api={shareScreen} request={session.request} /> } : {})}
      onLeave={() => {
        // Leaving the class ends a share of this student's screen too.
        if (shareScreen) void shareScreen.stop();
        session.feed.close();
        setSession(undefined);
      }}
    />
  );
}
