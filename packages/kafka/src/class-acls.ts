/**
 * The access model of a class as Kafka ACL bindings (pure data; class-access.ts talks to Kafka).
 *
 *   teacher  class topic: WRITE (broadcast; also all an idempotent producer needs since Kafka 2.8),
 *            CREATE (the first broadcast creates the topic), DESCRIBE, READ (its own replays);
 *            groups prefixed classcast.<class>.replay.: READ, DELETE (a replay's throw-away group);
 *            groups prefixed classcast.<class>.student.: DESCRIBE (who watches, their lag);
 *            announcement topic: WRITE, CREATE (announce), and what a student has on it;
 *            settings topic: what a student has on it, no more;
 *            annotation topic: WRITE, CREATE (the pen and pointer), READ, DESCRIBE;
 *            share-offers topic: READ, DESCRIBE (who offers a screen), CREATE;
 *            share-decisions topic: WRITE, CREATE, READ, DESCRIBE (accept, decline, take back);
 *            shared-screens topic: READ, DESCRIBE (the shared student's frames), CREATE.
 *   student  class topic: READ, DESCRIBE; its own group classcast.<class>.student.<user>: READ;
 *            groups prefixed classcast.<class>.replay.: READ, DELETE (its timeline's throw-away replays);
 *            announcement topic: READ, DESCRIBE; groups prefixed classcast.<class>.announcement-readers.:
 *            READ (a reader's group commits nothing, so sharing the prefix exposes no one's position);
 *            settings topic: READ, DESCRIBE, and groups prefixed classcast.<class>.settings-readers.: READ;
 *            annotation topic: READ, DESCRIBE (the pen and pointer, read group-less);
 *            share-offers topic: WRITE, DESCRIBE (offer its screen); share-decisions topic: READ,
 *            DESCRIBE (learn it was accepted); shared-screens topic: READ, DESCRIBE.
 *
 * No role may WRITE the shared-screens topic: the share agent (share.ts) grants that to the one
 * accepted student and takes it back, so the broker refuses a student who was not accepted.
 * The teacher's CREATE on the three share topics lets its first decision make them (the agent,
 * an admin, makes them too when it starts).
 *
 * Nobody but an admin may WRITE (or CREATE) the settings topic: its picture limit guards the
 * viewers' memory, so a hostile teacher must not be able to raise it.
 *
 * Every binding is ALLOW for `User:<name>` from any host; anything not bound is denied
 * (allow.everyone.if.no.acl.found=false). Admins are super users and need no bindings.
 */
import {
  announcementReaderGroupPrefix,
  announcementTopic,
  annotationTopic,
  assertValidUserName,
  frameTopic,
  replayGroupPrefix,
  settingsReaderGroupPrefix,
  settingsTopic,
  shareDecisionTopic,
  shareOfferTopic,
  sharedScreenTopic,
  studentGroupId,
  studentGroupPrefix,
} from '@classcast/protocol';

export type ClassRole = 'teacher' | 'student';
export type AclOperation = 'read' | 'write' | 'create' | 'delete' | 'describe';

export interface ClassAcl {
  resourceType: 'topic' | 'group';
  resourceName: string;
  pattern: 'literal' | 'prefixed';
  /** `User:<name>`. */
  principal: string;
  operation: AclOperation;
}

export function principalOf(user: string): string {
  return `User:${assertValidUserName('user name', user)}`;
}

/** The user behind a `User:<name>` principal, undefined for other principal types. */
export function userOf(principal: string): string | undefined {
  return principal.startsWith('User:') ? principal.slice('User:'.length) : undefined;
}

function isUserName(name: string): boolean {
  try {
    assertValidUserName('user name', name);
    return true;
  } catch {
    return false;
  }
}

export function roleAcls(classId: string, role: ClassRole, user: string): ClassAcl[] {
  const principal = principalOf(user);
  const topic = (operation: AclOperation): ClassAcl => ({ resourceType: 'topic', resourceName: frameTopic(classId), pattern: 'literal', principal, operation });
  const group = (resourceName: string, pattern: ClassAcl['pattern'], operation: AclOperation): ClassAcl => ({
    resourceType: 'group',
    resourceName,
    pattern,
    principal,
    operation,
  });
  const replays = replayGroupPrefix(classId);
  const notices = (operation: AclOperation): ClassAcl => ({
    resourceType: 'topic',
    resourceName: announcementTopic(classId),
    pattern: 'literal',
    principal,
    operation,
  });
  // Everyone in the class reads the announcements, each reader in a group of its own under this prefix.
  const readAnnouncements = [notices('read'), notices('describe'), group(announcementReaderGroupPrefix(classId), 'prefixed', 'read')];
  const settings = (operation: AclOperation): ClassAcl => ({
    resourceType: 'topic',
    resourceName: settingsTopic(classId),
    pattern: 'literal',
    principal,
    operation,
  });
  // Read only, for both roles: every viewer learns the class's limits when it starts.
  const readSettings = [settings('read'), settings('describe'), group(settingsReaderGroupPrefix(classId), 'prefixed', 'read')];
  const marks = (operation: AclOperation): ClassAcl => ({
    resourceType: 'topic',
    resourceName: annotationTopic(classId),
    pattern: 'literal',
    principal,
    operation,
  });
  // Everyone sees the pen and the pointer (read group-less: no group); only a teacher draws.
  const readAnnotations = [marks('read'), marks('describe')];
  const onTopic =
    (resourceName: string) =>
    (operation: AclOperation): ClassAcl => ({ resourceType: 'topic', resourceName, pattern: 'literal', principal, operation });
  const offers = onTopic(shareOfferTopic(classId));
  const decisions = onTopic(shareDecisionTopic(classId));
  const shared = onTopic(sharedScreenTopic(classId));
  // A student's timeline replays in throw-away groups: they hold no other student's position.
  if (role === 'student') {
    return [
      topic('read'),
      topic('describe'),
      group(studentGroupId(classId, user), 'literal', 'read'),
      group(replays, 'prefixed', 'read'),
      group(replays, 'prefixed', 'delete'),
      ...readAnnouncements,
      ...readSettings,
      ...readAnnotations,
      offers('write'),
      offers('describe'),
      decisions('read'),
      decisions('describe'),
      shared('read'),
      shared('describe'),
    ];
  }
  return [
    topic('write'),
    topic('create'),
    topic('describe'),
    topic('read'),
    group(replays, 'prefixed', 'read'),
    group(replays, 'prefixed', 'delete'),
    group(studentGroupPrefix(classId), 'prefixed', 'describe'),
    notices('write'),
    notices('create'),
    ...readAnnouncements,
    ...readSettings,
    marks('write'),
    marks('create'),
    ...readAnnotations,
    offers('read'),
    offers('describe'),
    offers('create'),
    decisions('write'),
    decisions('create'),
    decisions('read'),
    decisions('describe'),
    shared('read'),
    shared('describe'),
    shared('create'),
  ];
}

export function aclKey(acl: ClassAcl): string {
  return [acl.principal, acl.resourceType, acl.pattern, acl.resourceName, acl.operation].join(' ');
}

/** What revoking `role` removes: its bindings, less those the user's other role still needs. */
export function aclsToRevoke(classId: string, role: ClassRole, user: string, otherRoleHeld: boolean): ClassAcl[] {
  const kept = new Set(otherRoleHeld ? roleAcls(classId, role === 'teacher' ? 'student' : 'teacher', user).map(aclKey) : []);
  return roleAcls(classId, role, user).filter((acl) => !kept.has(aclKey(acl)));
}

export interface ClassAccessEntry {
  user: string;
  /** Roles whose every binding the user holds. */
  roles: ClassRole[];
  /** The user's bindings on the class's resources that no full role explains (a partial grant, or by hand). */
  other: ClassAcl[];
}

/** Groups the bindings found on a class's resources by user, and names the roles they amount to. */
export function summarizeAccess(classId: string, acls: ClassAcl[]): ClassAccessEntry[] {
  const byUser = new Map<string, ClassAcl[]>();
  for (const acl of acls) {
    const user = userOf(acl.principal) ?? acl.principal;
    byUser.set(user, [...(byUser.get(user) ?? []), acl]);
  }
  return [...byUser]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([user, held]) => {
      const have = new Set(held.map(aclKey));
      // A principal that is no classcast user name (set by hand: another type, odd characters) holds no role.
      const roleKeys = (role: ClassRole) => (isUserName(user) ? roleAcls(classId, role, user).map(aclKey) : [undefined]);
      const roles = (['teacher', 'student'] as const).filter((role) => roleKeys(role).every((key) => key !== undefined && have.has(key)));
      const explained = new Set(roles.flatMap(roleKeys));
      return { user, roles, other: held.filter((acl) => !explained.has(aclKey(acl))) };
    });
}
