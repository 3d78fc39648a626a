/**
 * The teacher console: the same TeacherApp as the Electron teacher app, over the gateway's
 * /teach/ws socket instead of IPC. "Start" opens the browser's own picker (a screen, a window or
 * a tab); the gateway encodes and broadcasts.
 */
import { createRoot } from 'react-dom/client';
import { createWebSocketTeacherApi, isLocalPage, teacherSocketUrl, TeacherApp } from '@classcast/ui';

const root = document.getElementById('root');
const api = createWebSocketTeacherApi({ url: teacherSocketUrl(window.location), compress: !isLocalPage(window.location.hostname) });
// School sign-in comes back with the token (or why not) in the fragment, which no server sees:
// kept in memory only, and gone from the address bar at once (as on the student page).
const fragment = new URLSearchParams(window.location.hash.slice(1));
if (window.location.hash) history.replaceState(null, '', window.location.pathname + window.location.search);
const token = fragment.get('token');
const name = fragment.get('name');
const signInProblem = fragment.get('error') ?? undefined;

if (root) {
  // Unknown (no login step) if the gateway does not answer; a start then says what is missing.
  void api
    .loginMethod()
    .catch(() => undefined)
    .then((login) =>
      createRoot(root).render(
        <TeacherApp
          api={api}
          mediaDevices={navigator.mediaDevices}
          login={login}
          initialClassId={new URLSearchParams(window.location.search).get('class') ?? ''}
          {...(token && name ? { initialCredentials: { kind: 'token' as const, username: name, token } } : {})}
          {...(signInProblem ? { signInProblem } : {})}
          onSignIn={(classId) => {
            if (login?.method === 'oidc') window.location.assign(`${login.signInUrl}?${new URLSearchParams({ class: classId, page: 'teach' })}`);
          }}
        />,
      ),
    );
}
