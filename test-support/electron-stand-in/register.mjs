// `node --import .../register.mjs dist/main/main.js` runs an app's main bundle on the stand-in.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
