/** Helpers for integration tests against a real broker, for this package and the ones built on it (tests only). */
export { testKeyFrame, uniqueClassId, waitFor } from './test-helpers.js';
