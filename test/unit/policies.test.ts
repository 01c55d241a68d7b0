import { expect } from 'chai';
import { authorize, type Action, type ActionThings, type Actor } from '../../lti-tool/policies';
import { rules } from '../../lti-tool/policies/rules';
import type { ToolRole } from '../../lti-tool/lti/roles';

const me = 10;
const myTeacher = 20;
const otherTeacher = 30;

/** The people the table asks about: every tool role, a school leader with and without their own teachers, and no role. */
const people: Record<string, Actor> = Object.fromEntries(
  (
    [
      ['leader', ['leader'], []],
      ['admin', ['admin'], []],
      ['staff', ['staff'], []],
      ['participant', ['participant'], []],
      ['school leader (no schools yet)', ['mentor'], []],
      ['school leader of 20', ['mentor'], [myTeacher]],
      ['unknown role', [], []],
    ] as Array<[string, ToolRole[], number[]]>
  ).map(([name, roles, mentees]) => [name, { user: { id: me }, roles, network: { id: 1, language: 'sv' }, context: { id: 1 }, mentees: new Set(mentees), sessionEndsAt: null }]),
);

type Case = { [A in Action]: { action: A; thing?: ActionThings[A]; label: string } }[Action];

/** Every action, with the things that change the answer. */
const cases: Case[] = [
  { action: 'year.read', label: '' },
  { action: 'year.setUp', label: '' },
  { action: 'settings.edit', label: '' },
  { action: 'meeting.edit', label: '' },
  { action: 'meeting.respond', label: '' },
  { action: 'meeting.selfCheckIn', label: '' },
  { action: 'meeting.attendance', label: '' },
  { action: 'meeting.checkIn', label: '' },
  { action: 'meeting.registerGuest', label: '' },
  { action: 'document.read', thing: { published: true }, label: 'published' },
  { action: 'document.read', thing: { published: false }, label: 'draft' },
  { action: 'document.manage', label: '' },
  { action: 'assignment.read', thing: { visible: true }, label: 'visible' },
  { action: 'assignment.read', thing: { visible: false }, label: 'not yet visible' },
  { action: 'assignment.edit', label: '' },
  { action: 'assignment.overview', label: '' },
  { action: 'submission.create', label: '' },
  { action: 'submission.view', thing: { authorId: me, final: false }, label: 'own draft' },
  { action: 'submission.view', thing: { authorId: otherTeacher, final: true }, label: "another's final" },
  { action: 'submission.view', thing: { authorId: otherTeacher, final: false }, label: "another's draft" },
  { action: 'submission.view', thing: { authorId: myTeacher, final: false }, label: "own teacher's draft" },
  { action: 'submission.readNotes', thing: { authorId: me, peersSeeNotes: false }, label: 'own notes' },
  { action: 'submission.readNotes', thing: { authorId: otherTeacher, peersSeeNotes: false }, label: "another's, notes private" },
  { action: 'submission.readNotes', thing: { authorId: otherTeacher, peersSeeNotes: true }, label: "another's, notes shared" },
  { action: 'submission.readNotes', thing: { authorId: myTeacher, peersSeeNotes: false }, label: "own teacher's, notes private" },
  { action: 'submission.download', thing: { authorId: me }, label: 'own' },
  { action: 'submission.download', thing: { authorId: otherTeacher }, label: "another's" },
  { action: 'conversation.record', label: '' },
  { action: 'conversation.read', thing: { participantId: myTeacher }, label: 'own teacher' },
  { action: 'conversation.read', thing: { participantId: otherTeacher }, label: 'another school' },
  { action: 'conversation.confirm', thing: { participantId: myTeacher }, label: 'own teacher' },
  { action: 'conversation.confirm', thing: { participantId: otherTeacher }, label: 'another school' },
  { action: 'roster.read', label: '' },
  { action: 'roster.sync', label: '' },
  { action: 'grades.read', label: '' },
  { action: 'grades.give', label: '' },
  { action: 'deepLink.create', label: '' },
  { action: 'calendar.subscribe', label: '' },
  { action: 'member.setRole', thing: { targetId: otherTeacher }, label: "another's" },
  { action: 'member.setRole', thing: { targetId: me }, label: 'own' },
  { action: 'member.setSchool', label: '' },
  { action: 'school.manage', label: '' },
  { action: 'school.chooseOwn', label: '' },
  { action: 'schoolLeader.followTeachers', label: '' },
  { action: 'gallery.read', thing: { published: true }, label: 'published' },
  { action: 'gallery.read', thing: { published: false }, label: 'draft' },
  { action: 'gallery.manage', label: '' },
  { action: 'gallery.facilitate', label: '' },
  { action: 'gallery.comment', thing: { authorId: otherTeacher }, label: "another's station" },
  { action: 'gallery.comment', thing: { authorId: me }, label: 'own station' },
  { action: 'gallery.seeCommenter', thing: { anonymous: false, commenterId: otherTeacher }, label: 'named walk' },
  { action: 'gallery.seeCommenter', thing: { anonymous: true, commenterId: otherTeacher }, label: "anonymous walk, another's comment" },
  { action: 'gallery.seeCommenter', thing: { anonymous: true, commenterId: me }, label: 'anonymous walk, own comment' },
  { action: 'gallery.readFeedback', thing: { authorId: me }, label: 'own station' },
  { action: 'gallery.readFeedback', thing: { authorId: otherTeacher }, label: "another's station" },
  { action: 'gallery.readFeedback', thing: { authorId: myTeacher }, label: "own teacher's station" },
  { action: 'gallery.respond', thing: { authorId: me }, label: 'own station' },
  { action: 'gallery.respond', thing: { authorId: otherTeacher }, label: "another's station" },
  { action: 'gallery.reply', thing: { authorId: me, commenterId: otherTeacher }, label: 'on own station' },
  { action: 'gallery.reply', thing: { authorId: otherTeacher, commenterId: me }, label: 'to own comment' },
  { action: 'gallery.reply', thing: { authorId: otherTeacher, commenterId: myTeacher }, label: "to others' thread" },
  { action: 'gallery.moderate', label: '' },
  { action: 'group.manage', label: '' },
  { action: 'group.read', thing: { memberIds: [me, otherTeacher] }, label: 'own group' },
  { action: 'group.read', thing: { memberIds: [otherTeacher] }, label: "another's group" },
  { action: 'group.read', thing: { memberIds: [otherTeacher, myTeacher] }, label: "own teacher's group" },
  { action: 'group.readOwn', label: '' },
  { action: 'group.list', label: '' },
];

// Columns: leader, admin, staff, participant, school leader (no schools yet), school leader of 20, unknown role.
const expected: Record<string, string> = {
  'year.read': '111111 0',
  'year.setUp': '110000 0',
  'settings.edit': '110000 0',
  'meeting.edit': '110000 0',
  'meeting.respond': '000100 0',
  'meeting.selfCheckIn': '000100 0',
  'meeting.attendance': '110000 0',
  'meeting.checkIn': '110000 0',
  'meeting.registerGuest': '110011 0',
  'document.read published': '111111 0',
  'document.read draft': '111000 0',
  'document.manage': '110000 0',
  'assignment.read visible': '111111 0',
  'assignment.read not yet visible': '111000 0',
  'assignment.edit': '110000 0',
  'assignment.overview': '111000 0',
  'submission.create': '000100 0',
  'submission.view own draft': '111111 0',
  "submission.view another's final": '111100 0',
  "submission.view another's draft": '111000 0',
  "submission.view own teacher's draft": '111001 0',
  'submission.readNotes own notes': '111111 0',
  "submission.readNotes another's, notes private": '111000 0',
  "submission.readNotes another's, notes shared": '111100 0',
  "submission.readNotes own teacher's, notes private": '111001 0',
  'submission.download own': '111111 0',
  "submission.download another's": '111000 0',
  'conversation.record': '000100 0',
  'conversation.read own teacher': '111001 0',
  'conversation.read another school': '111000 0',
  'conversation.confirm own teacher': '000001 0',
  'conversation.confirm another school': '000000 0',
  'roster.read': '111000 0',
  'roster.sync': '110000 0',
  'grades.read': '111000 0',
  'grades.give': '111000 0',
  'deepLink.create': '110000 0',
  'calendar.subscribe': '111111 0',
  "member.setRole another's": '110000 0',
  'member.setRole own': '000000 0',
  'member.setSchool': '110000 0',
  'school.manage': '110000 0',
  'school.chooseOwn': '000100 0',
  'schoolLeader.followTeachers': '000011 0',
  'gallery.read published': '111111 0',
  'gallery.read draft': '111000 0',
  'gallery.manage': '110000 0',
  'gallery.facilitate': '111000 0',
  "gallery.comment another's station": '000100 0',
  'gallery.comment own station': '000000 0',
  'gallery.seeCommenter named walk': '111111 0',
  "gallery.seeCommenter anonymous walk, another's comment": '111000 0',
  'gallery.seeCommenter anonymous walk, own comment': '111111 0',
  'gallery.readFeedback own station': '111111 0',
  "gallery.readFeedback another's station": '111000 0',
  "gallery.readFeedback own teacher's station": '111001 0',
  'gallery.respond own station': '111111 0',
  "gallery.respond another's station": '000000 0',
  'gallery.reply on own station': '111111 0',
  'gallery.reply to own comment': '111111 0',
  "gallery.reply to others' thread": '000000 0',
  'gallery.moderate': '111000 0',
  'group.manage': '110000 0',
  'group.read own group': '111111 0',
  "group.read another's group": '111000 0',
  "group.read own teacher's group": '111001 0',
  'group.readOwn': '000100 0',
  'group.list': '111011 0',
};

const keyOf = (c: Case) => (c.label ? `${c.action} ${c.label}` : c.action);

describe('policies: every role × every action', () => {
  it('when the table is read, then it covers every action the rules know, and nothing else', () => {
    expect([...new Set(cases.map((c) => c.action))].sort()).to.deep.equal(Object.keys(rules).sort());
    expect(Object.keys(expected).sort()).to.deep.equal(cases.map(keyOf).sort());
  });

  for (const c of cases) {
    it(`when anyone asks for ${keyOf(c)}, then exactly the table's roles may`, () => {
      const answers = Object.values(people).map((actor) => (authorize as (a: Actor, action: Action, thing?: unknown) => boolean)(actor, c.action, c.thing));
      const row = answers.map((answer) => (answer ? '1' : '0')).join('');
      expect(`${row.slice(0, 6)} ${row.slice(6)}`, `${keyOf(c)} for ${Object.keys(people).join(', ')}`).to.equal(expected[keyOf(c)]);
    });
  }

  it('when an actor has no role the tool knows, then every action is refused, even on what would be their own', () => {
    const nobody = people['unknown role']!;
    for (const c of cases) expect((authorize as (a: Actor, action: Action, thing?: unknown) => boolean)(nobody, c.action, c.thing), keyOf(c)).to.equal(false);
  });
});
