/**
 * @classcast/desktop: what both Electron shells need in their main process — locked-down windows
 * and IPC that only their own pages may use. Type-only use of Electron, so it is tested in Node.
 */
export { DesktopError, type DesktopErrorCode } from './errors.js';
export { allowOnlyPermissions, lockDownContents, secureWebPreferences, type PermissionName } from './secure-window.js';
export {
  createTrustedIpc,
  stringField,
  type InvokeEventLike,
  type IpcContract,
  type IpcMainLike,
  type TrustedIpc,
  type WebContentsLike,
} from './trusted-ipc.js';
export { appFiles, guardAppWindow, type AppFiles } from './app-window.js';
export {
  connectionWithLogin,
  desktopLoginFromEnv,
  loginMethodOf,
  MAX_PASSWORD_LENGTH,
  optionalCredentials,
  optionalPassword,
  type Credentials,
  type DesktopLogin,
  type PersonalSasl,
} from './login.js';
