/** Kept for the files that import it here; the one pause lives in @classcast/protocol. */
export { pause } from '@classcast/protocol';
