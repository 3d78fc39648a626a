/**
 * One live connection per student and class on this gateway. A student's consumer group is
 * their identity in Kafka (`studentGroupId`): two members in it would split the partitions and
 * each tab would see half the screens. So a second join with the same name is refused while the
 * first connection answers a ping, and takes its place when it does not — that is the same
 * browser coming back after its network dropped, before the gateway noticed the old socket died.
 */
export interface RegisteredSession {
  /** Resolves true when the client answers a ping within `timeoutMs`. */
  isAlive(timeoutMs: number): Promise<boolean>;
  /** Closes the connection and leaves the consumer group; resolves once it has left. */
  close(reason: string): Promise<void>;
}

export interface SessionRegistry {
  /** True when `session` now owns `key`; false when a live session already does. */
  claim(key: string, session: RegisteredSession): Promise<boolean>;
  release(key: string, session: RegisteredSession): void;
  readonly size: number;
}

/** How long the old connection has to answer before the new one takes over. */
export const ALIVE_PROBE_MS = 1500;

export function createSessionRegistry(probeMs = ALIVE_PROBE_MS): SessionRegistry {
  const owners = new Map<string, RegisteredSession>();
  return {
    async claim(key, session) {
      const current = owners.get(key);
      if (current && current !== session) {
        if (await current.isAlive(probeMs)) return false;
        await current.close('replaced by a new connection of the same student');
      }
      // Another join may have claimed the key while we probed.
      const owner = owners.get(key);
      if (owner && owner !== session && owner !== current) return false;
      owners.set(key, session);
      return true;
    },
    release(key, session) {
      if (owners.get(key) === session) owners.delete(key);
    },
    get size() {
      return owners.size;
    },
  };
}

/** Join limits of one gateway (see GatewayOptions). */
export interface JoinLimitSettings {
  /** Join attempts taken from one remote address per `windowMs`. */
  joinsPerAddress: number;
  /** Refused logins (a wrong password, a bad token) from one address per `windowMs` before its joins wait. */
  loginFailuresPerAddress: number;
  windowMs: number;
  /** Students streaming (or joining) one class at once. */
  maxStudentsPerClass: number;
  /** Students streaming (or joining) on the whole gateway at once. */
  maxStudents: number;
}

/** Why a join was refused: a code of the error table and one line for the browser and the log. */
export interface JoinRefusal {
  code: 'CC_GATEWAY_TOO_MANY_JOINS' | 'CC_GATEWAY_TOO_MANY_LOGINS' | 'CC_GATEWAY_CLASS_FULL' | 'CC_GATEWAY_FULL';
  message: string;
}

export interface JoinLimits {
  /** Counts one join attempt from `address`; a refusal once it has had its share of this window, or of refused logins. */
  attempt(address: string): JoinRefusal | undefined;
  /** Counts a login the broker refused from `address`: guessing passwords through the gateway is slow. */
  loginFailed(address: string): void;
  /** Takes a seat in `classId`, or says why not. A taken seat is given back with `leave` once. */
  seat(classId: string): JoinRefusal | undefined;
  leave(classId: string): void;
  /** Seats taken on the gateway, and addresses counted in the current windows (for tests). */
  readonly seated: number;
  readonly addresses: number;
}

export const DEFAULT_JOIN_LIMITS: JoinLimitSettings = {
  joinsPerAddress: 20,
  loginFailuresPerAddress: 5,
  windowMs: 60_000,
  // An assembly of a whole year group watches one class; fan-out makes each student cheap
  // (about 120 KB and a fraction of a millisecond of CPU a frame: docs/CAPACITY.md).
  maxStudentsPerClass: 1000,
  maxStudents: 2000,
};

/** Joins from these are not rate-limited per address (see attempt()). */
const UNCOUNTED_ADDRESSES: ReadonlySet<string> = new Set(['127.0.0.1', '::1']);

/**
 * Join limits without timers: attempts are counted per address in fixed windows, and windows
 * that ended are swept on the next attempt, at most once a window; seats are counts per class.
 * A refused join takes nothing but its address's counter.
 */
export function createJoinLimits(settings: JoinLimitSettings, now: () => number = Date.now): JoinLimits {
  const attempts = new Map<string, { since: number; count: number; failedLogins: number }>();
  const perClass = new Map<string, number>();
  let seated = 0;
  let lastSweep = now();
  /** This window's counters of `address`, after sweeping windows that ended (at most once a window). */
  function windowOf(address: string, time: number) {
    if (time - lastSweep >= settings.windowMs) {
      for (const [key, entry] of attempts) if (time - entry.since >= settings.windowMs) attempts.delete(key);
      lastSweep = time;
    }
    let entry = attempts.get(address);
    if (entry === undefined || time - entry.since >= settings.windowMs) {
      entry = { since: time, count: 0, failedLogins: 0 };
      attempts.set(address, entry);
    }
    return entry;
  }
  return {
    attempt(address) {
      const time = now();
      const entry = windowOf(address, time);
      // The server's own loopback address is a proxy on this machine (each student then needs
      // --trust-proxy to be told apart) or a load test: a join-rate cap would lock a whole school
      // out after its first students. Refused logins still count for it.
      if (!UNCOUNTED_ADDRESSES.has(address)) entry.count += 1;
      const wait = Math.ceil((entry.since + settings.windowMs - time) / 1000);
      const window = `${settings.windowMs / 1000} s`;
      if (entry.failedLogins >= settings.loginFailuresPerAddress) {
        return {
          code: 'CC_GATEWAY_TOO_MANY_LOGINS',
          message: `too many refused logins from this address (${entry.failedLogins} in ${window}): try again in ${wait} s`,
        };
      }
      if (entry.count <= settings.joinsPerAddress) return undefined;
      return {
        code: 'CC_GATEWAY_TOO_MANY_JOINS',
        message: `too many joins from this address (more than ${settings.joinsPerAddress} in ${window}): try again in ${wait} s`,
      };
    },
    loginFailed(address) {
      windowOf(address, now()).failedLogins += 1;
    },
    seat(classId) {
      if (seated >= settings.maxStudents) {
        return { code: 'CC_GATEWAY_FULL', message: `the gateway is full (${settings.maxStudents} students): try again later, or ask the teacher` };
      }
      const inClass = perClass.get(classId) ?? 0;
      if (inClass >= settings.maxStudentsPerClass) {
        return {
          code: 'CC_GATEWAY_CLASS_FULL',
          message: `class ${classId} is full on this gateway (${settings.maxStudentsPerClass} students): try again later, or ask the teacher`,
        };
      }
      perClass.set(classId, inClass + 1);
      seated += 1;
      return undefined;
    },
    leave(classId) {
      const inClass = perClass.get(classId) ?? 0;
      if (inClass <= 1) perClass.delete(classId);
      else perClass.set(classId, inClass - 1);
      seated = Math.max(0, seated - 1);
    },
    get seated() {
      return seated;
    },
    get addresses() {
      return attempts.size;
    },
  };
}
