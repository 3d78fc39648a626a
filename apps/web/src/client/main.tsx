/**
 * The student web page: the shared StudentApp (join screen, then the viewer) over the gateway's
 * WebSocket. `?class=physics-7b` in the address fills in the class, so a teacher can share one link.
 */
import { createRoot } from 'react-dom/client';
import { LOGIN_METHOD_PATH, parseLoginMethod, type LoginMethod } from '@classcast/protocol';
import { createWebSocketFeed, gatewaySocketUrl, StudentApp } from '@classcast/ui';

const params = new URLSearchParams(window.location.search);
const root = document.getElementById('root');

/** How this gateway's students log in; unknown (no password field) if it cannot be read, and the join says what is missing. */
async function loginMethod(): Promise<LoginMethod | undefined> {
  try {
    const response = await fetch(LOGIN_METHOD_PATH, { cache: 'no-store' });
    return response.ok ? parseLoginMethod(await response.json()) : undefined;
  } catch {
    return undefined;
  }
}

if (root) {
  void loginMethod().then((login) =>
    createRoot(root).render(
      <StudentApp
        login={login}
        initial={{ classId: params.get('class') ?? '', student: params.get('student') ?? '' }}
        openFeed={(join) => createWebSocketFeed({ url: gatewaySocketUrl(window.location), ...join })}
      />,
    ),
  );
}
