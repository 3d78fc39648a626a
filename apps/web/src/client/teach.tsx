/**
 * The teacher console: the same TeacherApp as the Electron teacher app, over the gateway's
 * /teach/ws socket instead of IPC. "Start" opens the browser's own picker (a screen, a window or
 * a tab); the gateway encodes and broadcasts.
 */
import { createRoot } from 'react-dom/client';
import { createWebSocketTeacherApi, isLocalPage, teacherSocketUrl, TeacherApp } from '@classcast/ui';

const root = document.getElementById('root');
const api = createWebSocketTeacherApi({ url: teacherSocketUrl(window.location), compress: !isLocalPage(window.location.hostname) });

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
        />,
      ),
    );
}
