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
