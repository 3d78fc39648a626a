/**
 * The student web page: the shared StudentApp (join screen, then the viewer) over the gateway's
 * WebSocket, with "Share my screen" where the browser can capture one (getDisplayMedia; the gateway
 * runs the share). `?class=physics-7b` in the address fills in the class, so a teacher can share one link.
 */
import { createRoot } from 'react-dom/client';
import { LOGIN_METHOD_PATH, parseLoginMethod, type LoginMethod } from '@classcast/protocol';
import { createWebSocketFeed, createWebSocketShareScreenApi, gatewaySocketUrl, shareSocketUrl, StudentApp } from '@classcast/ui';

const params = new URLSearchParams(window.location.search);
const root = document.getElementById('root');
// School sign-in comes back with the token (or why not) in the fragment, which no server sees:
// keep it in memory and take it out of the address bar and the history at once.
const fragment = new URLSearchParams(window.location.hash.slice(1));
if (window.location.hash) history.replaceState(null, '', window.location.pathname + window.location.search);
const token = fragment.get('token');
const name = fragment.get('name');
const signedIn = token && name ? { token, name } : undefined;
const signInError = fragment.get('error') ?? undefined;

/** How this gateway's students log in; unknown (no password field) if it cannot be read, and the join says what is missing. */
async function loginMethod(): Promise<LoginMethod | undefined> {
  try {
    const response = await fetch(LOGIN_METHOD_PATH, { cache: 'no-store' });
    return response.ok ? parseLoginMethod(await response.json()) : undefined;
  } catch {
    return undefined;
  }
}

// Phones and old browsers cannot capture a screen: no button there.
const shareScreen =
  typeof navigator.mediaDevices?.getDisplayMedia === 'function'
    ? createWebSocketShareScreenApi({ url: shareSocketUrl(window.location), mediaDevices: navigator.mediaDevices })
    : undefined;

if (root) {
  void loginMethod().then((login) =>
    createRoot(root).render(
      <StudentApp
        login={login}
        {...(signedIn ? { signedIn } : {})}
        {...(signInError ? { initialRefusal: signInError } : {})}
        onSignIn={(classId) => {
          if (login?.method === 'oidc') window.location.assign(`${login.signInUrl}?${new URLSearchParams({ class: classId })}`);
        }}
        initial={{ classId: params.get('class') ?? '', student: params.get('student') ?? '' }}
        teacherConsoleUrl="/teach"
        {...(shareScreen ? { shareScreen } : {})}
        openFeed={(join) => createWebSocketFeed({ url: gatewaySocketUrl(window.location), ...join })}
      />,
    ),
  );
}
