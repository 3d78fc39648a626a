/**
 * Grants and revokes a class's teacher and student roles as Kafka ACLs, and lists who holds
 * them (the model is in class-acls.ts). Needs an admin's login: a super user, or a user with
 * ALTER on the cluster. On a cluster without an authorizer Kafka keeps no ACLs: that is one line.
 */
import kafkajs, { type Acl, type AclEntry, type AclFilter, type Admin } from 'kafkajs';
import {
  ClasscastError,
  announcementTopic,
  annotationTopic,
  classGroupPrefix,
  frameTopic,
  pollUntil,
  settingsTopic,
  shareDecisionTopic,
  shareOfferTopic,
  sharedScreenTopic,
} from '@classcast/protocol';
import { aclKey, aclsToRevoke, roleAcls, summarizeAccess, type ClassAccessEntry, type ClassAcl, type ClassRole } from './class-acls.js';
import { createKafkaClient, type KafkaConnection } from './connection.js';
import { errorChain } from './error-chain.js';
import { describeKafkaError, KafkaError } from './errors.js';
import { describeSecurityError } from './security-errors.js';

// kafkajs is CommonJS and Node cannot see these exports by name.
const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

export interface ClassAccess {
  grantTeacher(classId: string, user: string): Promise<void>;
  grantStudent(classId: string, user: string): Promise<void>;
  revokeTeacher(classId: string, user: string): Promise<void>;
  revokeStudent(classId: string, user: string): Promise<void>;
  grant(classId: string, role: ClassRole, user: string): Promise<void>;
  revoke(classId: string, role: ClassRole, user: string): Promise<void>;
  /** Every user with a binding on the class's topic or groups, and the roles that amounts to. */
  listAccess(classId: string): Promise<ClassAccessEntry[]>;
  close(): Promise<void>;
}

const SETTLE_TIMEOUT_MS = 10_000;
const RESOURCE = { topic: AclResourceTypes.TOPIC, group: AclResourceTypes.GROUP } as const;
const PATTERN = { literal: ResourcePatternTypes.LITERAL, prefixed: ResourcePatternTypes.PREFIXED } as const;
const OPERATION = {
  read: AclOperationTypes.READ,
  write: AclOperationTypes.WRITE,
  create: AclOperationTypes.CREATE,
  delete: AclOperationTypes.DELETE,
  describe: AclOperationTypes.DESCRIBE,
} as const;

function toEntry(acl: ClassAcl): AclEntry {
  return {
    resourceType: RESOURCE[acl.resourceType],
    resourceName: acl.resourceName,
    resourcePatternType: PATTERN[acl.pattern],
    principal: acl.principal,
    host: '*',
    operation: OPERATION[acl.operation],
    permissionType: AclPermissionTypes.ALLOW,
  };
}

/** An ACL as Kafka describes it, in our terms; undefined when it is none of ours (DENY, other operations). */
function fromDescribed(resourceType: number, resourceName: string, resourcePatternType: number, acl: Acl): ClassAcl | undefined {
  const find = <T extends string>(table: Record<T, number>, value: number) => (Object.keys(table) as T[]).find((key) => table[key] === value);
  const type = find(RESOURCE, resourceType);
  const pattern = find(PATTERN, resourcePatternType);
  const operation = find(OPERATION, acl.operation);
  if (!type || !pattern || !operation || acl.permissionType !== AclPermissionTypes.ALLOW || acl.host !== '*') return undefined;
  return { resourceType: type, resourceName, pattern, principal: acl.principal, operation };
}

export async function createClassAccess(connection: KafkaConnection): Promise<ClassAccess> {
  const admin: Admin = createKafkaClient({ clientId: 'classcast-access', ...connection }).admin();
  const wrap = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw describeAccessError(error, connection.brokers);
    }
  };
  await wrap(() => admin.connect());

  async function describe(filter: Pick<AclFilter, 'resourceType' | 'resourceName' | 'resourcePatternType'>): Promise<ClassAcl[]> {
    const { resources } = await admin.describeAcls({ ...filter, operation: AclOperationTypes.ANY, permissionType: AclPermissionTypes.ANY });
    return resources.flatMap((resource) =>
      resource.acls.flatMap((acl) => fromDescribed(resource.resourceType, resource.resourceName, resource.resourcePatternType, acl) ?? []),
    );
  }

  async function classAcls(classId: string): Promise<ClassAcl[]> {
    const groupPrefix = classGroupPrefix(classId);
    const onTopic = (topic: string) =>
      describe({ resourceType: AclResourceTypes.TOPIC, resourceName: topic, resourcePatternType: ResourcePatternTypes.LITERAL });
    const topics = [
      frameTopic(classId),
      announcementTopic(classId),
      settingsTopic(classId),
      annotationTopic(classId),
      shareOfferTopic(classId),
      shareDecisionTopic(classId),
      sharedScreenTopic(classId),
    ];
    const [onGroups, ...onTopics] = await Promise.all([
      describe({ resourceType: AclResourceTypes.GROUP, resourcePatternType: ResourcePatternTypes.ANY }),
      ...topics.map(onTopic),
    ]);
    return [...onTopics.flat(), ...onGroups!.filter((acl) => acl.resourceName.startsWith(groupPrefix))];
  }

  /** ACLs travel through the metadata log: answer once the broker enforces the change. */
  async function settled(classId: string, acls: ClassAcl[], present: boolean): Promise<void> {
    await pollUntil(
      async () => {
        const now = new Set((await classAcls(classId)).map(aclKey));
        return acls.every((acl) => now.has(aclKey(acl)) === present);
      },
      { intervalMs: 100, timeoutMs: SETTLE_TIMEOUT_MS },
    );
  }

  const grant = (classId: string, role: ClassRole, user: string) =>
    wrap(async () => {
      const acls = roleAcls(classId, role, user);
      // Kafka keeps one copy of an ACL however often it is created: granting twice is harmless.
      await admin.createAcls({ acl: acls.map(toEntry) });
      await settled(classId, acls, true);
    });

  const revoke = (classId: string, role: ClassRole, user: string) =>
    wrap(async () => {
      const other: ClassRole = role === 'teacher' ? 'student' : 'teacher';
      const held = summarizeAccess(classId, await classAcls(classId)).find((entry) => entry.user === user);
      const acls = aclsToRevoke(classId, role, user, held?.roles.includes(other) ?? false);
      await admin.deleteAcls({ filters: acls.map(toEntry) });
      await settled(classId, acls, false);
    });

  return {
    grant,
    revoke,
    grantTeacher: (classId, user) => grant(classId, 'teacher', user),
    grantStudent: (classId, user) => grant(classId, 'student', user),
    revokeTeacher: (classId, user) => revoke(classId, 'teacher', user),
    revokeStudent: (classId, user) => revoke(classId, 'student', user),
    listAccess: (classId) => wrap(async () => summarizeAccess(classId, await classAcls(classId))),
    close: () => admin.disconnect(),
  };
}

export function describeAccessError(error: unknown, brokers: readonly string[]): ClasscastError {
  if (errorChain(error).some((link) => link.type === 'SECURITY_DISABLED')) {
    return new KafkaError(
      'CC_ACLS_DISABLED',
      `Kafka at ${brokers.join(', ')} has no authorizer, so it keeps no access rules: start it secured (classcast broker up --secure) or see docs/SECURITY.md`,
      { cause: error },
    );
  }
  const described = describeSecurityError(error, brokers) ?? describeKafkaError(error, brokers);
  if (described.code !== 'CC_NOT_AUTHORIZED') return described;
  return new KafkaError('CC_NOT_AUTHORIZED', `${described.message}: only a Kafka admin may see or change who has access to a class`, { cause: error });
}
