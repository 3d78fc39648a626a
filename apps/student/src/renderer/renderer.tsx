/**
 * The student page: the shared StudentApp (join screen, then the viewer) on feeds from the main
 * process, with "Share my screen" (main captures and shares). Main says first whether this app asks for logins, so the join screen shows the
 * password field from the start.
 */
import { createRoot } from 'react-dom/client';
import type { LoginMethod } from '@classcast/protocol';
import { StudentApp } from '@classcast/ui';
import { createPortFeed } from './port-feed.js';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const api = window.classcast;

/** Only a password login changes the join screen: "open" here may still mean the login in the app's settings, so the web page's "anyone may watch" note would not be sure to be true. */
const shownLogin = (login: LoginMethod | undefined) => (login?.method === 'password' ? login : undefined);

// Unknown (no password field) if main does not answer; the join then says what is missing.
void api
  .loginMethod()
  .catch(() => undefined)
  .then((login) =>
    createRoot(root).render(
      <StudentApp
        login={shownLogin(login)}
        openFeed={(join) => createPortFeed({ api, join })}
        appFullScreen
        {...(api.shareScreen ? { shareScreen: api.shareScreen } : {})}
      />,
    ),
  );
