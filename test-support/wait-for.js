/**
 * The one way a test waits for what a broker, a gateway or another process does a moment later:
 * asks `condition` every 50 ms until it answers (anything but undefined or false), and fails
 * with what it waited for once `timeoutMs` has passed. `what` may be a function, to add the state
 * seen at the end (stdout so far, the statuses received).
 */
import { pollUntil } from '@classcast/protocol';
export async function waitFor(condition, timeoutMs, what) {
    const answer = await pollUntil(condition, { intervalMs: 50, timeoutMs });
    if (answer === undefined)
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    return answer;
}
//# sourceMappingURL=wait-for.js.map