/**
 * What the teacher can share: the screens and windows desktopCapturer finds, offered to the page
 * as a list with thumbnails; the one chosen is what the page's next getDisplayMedia() captures
 * (setDisplayMediaRequestHandler), so the teacher picks in our panel, not in a system dialog.
 */
import { desktopCapturer, type BrowserWindow, type DesktopCapturerSource } from 'electron';
import { stringField, type TrustedIpc } from '@classcast/desktop';
import type { CaptureChoice } from '@classcast/ui';
import { IPC, type InvokeContract } from '../shared/ipc-channels.js';

const THUMBNAIL = { width: 240, height: 135 };

export interface CaptureSources {
  /** Name of the chosen screen or window, for the broadcast's source name. */
  chosenName(): string | undefined;
}

export function setupCaptureSources(ipc: TrustedIpc<InvokeContract>, window: BrowserWindow): CaptureSources {
  let chosen: DesktopCapturerSource | undefined;
  const list = () => desktopCapturer.getSources({ types: ['screen', 'window'], thumbnailSize: THUMBNAIL });

  ipc.handle(
    IPC.listSources,
    () => undefined,
    async () => (await list()).map(toChoice),
  );
  ipc.handle(
    IPC.chooseSource,
    (payload) => ({ sourceId: stringField(payload, 'sourceId', IPC.chooseSource) }),
    async ({ sourceId }) => {
      chosen = (await list()).find((source) => source.id === sourceId);
    },
  );
  window.webContents.session.setDisplayMediaRequestHandler((request, callback) => {
    // Only our own page, and only what the teacher chose in it; anything else gets no stream.
    const ours = request.frame !== null && request.frame.url === window.webContents.getURL();
    callback(ours && chosen ? { video: { id: chosen.id, name: chosen.name } } : {});
  });
  return { chosenName: () => chosen && `${chosen.id.startsWith('screen:') ? 'screen' : 'window'} "${chosen.name}"` };
}

function toChoice(source: DesktopCapturerSource): CaptureChoice {
  return {
    id: source.id,
    name: source.name,
    kind: source.id.startsWith('screen:') ? 'screen' : 'window',
    thumbnailUrl: source.thumbnail.toDataURL(),
  };
}
