import { describe, expect, it } from 'vitest';
import { aclsToRevoke, roleAcls, summarizeAccess, type ClassAcl } from './class-acls.js';

const brief = (acls: ClassAcl[]) => acls.map((a) => `${a.operation} ${a.resourceType} ${a.resourceName}${a.pattern === 'prefixed' ? '*' : ''}`);

describe('the access model of a class', () => {
  it('lets a student read the class and use only its own consumer group (and throw-away replay groups)', () => {
    expect(brief(roleAcls('math', 'student', 'ada'))).toEqual([
      'read topic classcast.math.frames',
      'describe topic classcast.math.frames',
      'read group classcast.math.student.ada',
      'read group classcast.math.replay.*',
      'delete group classcast.math.replay.*',
      'read topic classcast.math.announcements',
      'describe topic classcast.math.announcements',
      'read group classcast.math.announcement-readers.*',
      'read topic classcast.math.settings',
      'describe topic classcast.math.settings',
      'read group classcast.math.settings-readers.*',
      'read topic classcast.math.annotations',
      'describe topic classcast.math.annotations',
      'write topic classcast.math.share-offers',
      'describe topic classcast.math.share-offers',
      'read topic classcast.math.share-decisions',
      'describe topic classcast.math.share-decisions',
      'read topic classcast.math.shared-screens',
      'describe topic classcast.math.shared-screens',
    ]);
  });

  it('lets a teacher create and write the class topic, replay it, and see who watches', () => {
    expect(brief(roleAcls('math', 'teacher', 'turing'))).toEqual([
      'write topic classcast.math.frames',
      'create topic classcast.math.frames',
      'describe topic classcast.math.frames',
      'read topic classcast.math.frames',
      'read group classcast.math.replay.*',
      'delete group classcast.math.replay.*',
      'describe group classcast.math.student.*',
      'write topic classcast.math.announcements',
      'create topic classcast.math.announcements',
      'read topic classcast.math.announcements',
      'describe topic classcast.math.announcements',
      'read group classcast.math.announcement-readers.*',
      'read topic classcast.math.settings',
      'describe topic classcast.math.settings',
      'read group classcast.math.settings-readers.*',
      'write topic classcast.math.annotations',
      'create topic classcast.math.annotations',
      'read topic classcast.math.annotations',
      'describe topic classcast.math.annotations',
      'read topic classcast.math.share-offers',
      'describe topic classcast.math.share-offers',
      'create topic classcast.math.share-offers',
      'write topic classcast.math.share-decisions',
      'create topic classcast.math.share-decisions',
      'read topic classcast.math.share-decisions',
      'describe topic classcast.math.share-decisions',
      'read topic classcast.math.shared-screens',
      'describe topic classcast.math.shared-screens',
      'create topic classcast.math.shared-screens',
    ]);
  });

  it('lets no role write the shared screens (only the share agent grants that to an accepted student), and no student decide', () => {
    for (const role of ['teacher', 'student'] as const) {
      const acls = roleAcls('math', role, 'mallory');
      expect(acls.filter((acl) => acl.resourceName === 'classcast.math.shared-screens' && acl.operation === 'write')).toEqual([]);
    }
    expect(
      roleAcls('math', 'student', 'ada')
        .filter((acl) => acl.resourceName === 'classcast.math.share-decisions')
        .map((acl) => acl.operation),
    ).toEqual(['read', 'describe']);
  });

  it('lets no role write the class settings: only an admin sets the limits that guard the viewers', () => {
    for (const role of ['teacher', 'student'] as const) {
      const onSettings = roleAcls('math', role, 'mallory').filter((acl) => acl.resourceName === 'classcast.math.settings');
      expect(onSettings.map((acl) => acl.operation).sort()).toEqual(['describe', 'read']);
    }
  });

  it('revoking one role keeps what the other role of the same user needs', () => {
    expect(brief(aclsToRevoke('math', 'student', 'ada', true))).toEqual(['read group classcast.math.student.ada', 'write topic classcast.math.share-offers']);
    expect(aclsToRevoke('math', 'student', 'ada', false)).toEqual(roleAcls('math', 'student', 'ada'));
  });

  it('names full roles per user and lists bindings no role explains', () => {
    const extra: ClassAcl = { resourceType: 'topic', resourceName: 'classcast.math.frames', pattern: 'literal', principal: 'User:bob', operation: 'read' };
    const foreign: ClassAcl = { ...extra, principal: 'Group:staff' };
    const entries = summarizeAccess('math', [...roleAcls('math', 'teacher', 'turing'), ...roleAcls('math', 'student', 'ada'), extra, foreign]);
    expect(entries).toEqual([
      { user: 'ada', roles: ['student'], other: [] },
      { user: 'bob', roles: [], other: [extra] },
      { user: 'Group:staff', roles: [], other: [foreign] },
      { user: 'turing', roles: ['teacher'], other: [] },
    ]);
  });
});
