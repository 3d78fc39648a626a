/**
 * The teacher page: the broadcast controls, capturing through getDisplayMedia for main to send.
 * Main says first whether the teacher logs in, so the first screen is the right one.
 */
import { createRoot } from 'react-dom/client';
import { TeacherApp } from '@classcast/ui';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const api = window.classcast;
// Unknown (no login step) if main does not answer; a start then says what is missing.
void api
  .loginMethod()
  .catch(() => undefined)
  .then((login) => createRoot(root).render(<TeacherApp api={api} mediaDevices={navigator.mediaDevices} login={login} />));
