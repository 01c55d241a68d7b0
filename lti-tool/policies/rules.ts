import { followsEveryone, hasKnownRole, isParticipant, isSchoolLeader, leadsSchoolOf, runsNetwork, type Actor } from './actor';

/**
 * What each action needs to know about the thing it acts on. Actions without a thing take `undefined`.
 * A rule answers only "may this actor do this to this thing"; that the thing belongs to the actor's
 * network is checked where it is looked up (services/scope.ts).
 */
export interface ActionThings {
  'year.read': undefined;
  'year.setUp': undefined;
  'settings.edit': undefined;
  'meeting.edit': undefined;
  'meeting.respond': undefined;
  'meeting.selfCheckIn': undefined;
  'meeting.attendance': undefined;
  'meeting.checkIn': undefined;
  'meeting.registerGuest': undefined;
  'document.read': { published: boolean };
  'document.manage': undefined;
  'assignment.read': { visible: boolean };
  'assignment.edit': undefined;
  'assignment.overview': undefined;
  'submission.create': undefined;
  'submission.view': { authorId: number; final: boolean };
  'submission.readNotes': { authorId: number; peersSeeNotes: boolean };
  'submission.download': { authorId: number };
  'conversation.record': undefined;
  'conversation.read': { participantId: number };
  'conversation.confirm': { participantId: number };
  'roster.read': undefined;
  'roster.sync': undefined;
  'grades.read': undefined;
  'grades.give': undefined;
  'deepLink.create': undefined;
  'calendar.subscribe': undefined;
  'member.setRole': { targetId: number };
  'member.setSchool': undefined;
  'school.manage': undefined;
  'school.chooseOwn': undefined;
  'schoolLeader.followTeachers': undefined;
  'gallery.read': { published: boolean };
  'gallery.manage': undefined;
  'gallery.facilitate': undefined;
  /** A station's authors: its group's members for a group station, else the presentation's author. */
  'gallery.comment': { authorIds: readonly number[] };
  'gallery.seeCommenter': { anonymous: boolean; commenterId: number };
  'gallery.readFeedback': { authorIds: readonly number[] };
  'gallery.respond': { authorIds: readonly number[] };
  'gallery.reply': { authorIds: readonly number[]; commenterId: number };
  'gallery.moderate': undefined;
  'group.manage': undefined;
  'group.read': { memberIds: readonly number[] };
  'group.readOwn': undefined;
  'group.list': undefined;
  'forum.read': ForumThing;
  'forum.startThread': ForumThing;
  'forum.reply': ForumThing & { locked: boolean };
  'forum.moderate': undefined;
  'forum.editPost': { authorId: number | null };
  'forum.deletePost': { authorId: number | null };
  'forum.readPrivate': { authorId: number | null; recipientId: number };
  'forum.seeBeforePosting': undefined;
  'forum.openPhase': { facilitatorId: number | null };
  'search.run': undefined;
  'mail.choose': undefined;
  'mail.outbox': undefined;
  'gradebook.read': undefined;
  'gradebook.export': undefined;
  'progress.readOwn': undefined;
  'progress.read': { participantId: number };
  'grade.see': { participantId: number; released: boolean; schoolLeadersSeeGrades: boolean };
  'grade.give': { allocatedGraderIds: readonly number[] };
  'grade.readNotes': undefined;
  'grade.seeMarks': { markerIds: readonly number[]; allSubmitted: boolean };
  'grade.agree': { markerIds: readonly number[] };
  'grade.release': undefined;
  'grading.setUp': undefined;
  'grading.allocate': undefined;
  'commentBank.edit': undefined;
  'completion.manage': undefined;
  'certificate.issue': undefined;
  'certificate.read': { participantId: number };
  'evaluation.manage': undefined;
  'evaluation.answer': undefined;
  'evaluation.readResults': undefined;
  'evaluation.present': undefined;
  'evaluation.export': undefined;
  'evaluation.seeRespondents': undefined;
  'evaluation.readSelfAssessment': { participantId: number };
  'plan.write': { authorIds: readonly number[] };
  'plan.read': { authorIds: readonly number[] };
  'plan.comment': { authorIds: readonly number[] };
  'plan.list': undefined;
  'plan.compile': undefined;
}

/** A forum as the rules see it: its kind, and for a group's forum who is in the group. */
export interface ForumThing {
  kind: 'announcements' | 'discussion' | 'group';
  groupMemberIds: readonly number[];
}

export type Action = keyof ActionThings;

type Rule<A extends Action> = (actor: Actor, thing: ActionThings[A]) => boolean;

const member: Rule<Action> = (actor) => hasKnownRole(actor);
const leader: Rule<Action> = (actor) => runsNetwork(actor);
const staffOrLeader: Rule<Action> = (actor) => followsEveryone(actor);
const participant: Rule<Action> = (actor) => isParticipant(actor);
const isAuthor = (actor: Actor, authorId: number | null) => authorId !== null && actor.user.id === authorId;
/** One of a station's authors: a group station has all its group's members as authors. */
const isOneOf = (actor: Actor, authorIds: readonly number[]) => authorIds.includes(actor.user.id);

/** The network's forums are everyone's; a group's forum is its members', the leaders' and the staff's (not school leaders'). */
const readsForum = (actor: Actor, forum: ForumThing) =>
  hasKnownRole(actor) && (forum.kind !== 'group' || followsEveryone(actor) || forum.groupMemberIds.includes(actor.user.id));
/** Only leaders post announcements (and reply to them); elsewhere whoever reads the forum writes in it. */
const writesInForum = (actor: Actor, forum: ForumThing) => readsForum(actor, forum) && (forum.kind !== 'announcements' || runsNetwork(actor));

export const rules: { [A in Action]: Rule<A> } = {
  'year.read': member,
  'year.setUp': leader,
  'settings.edit': leader,
  'meeting.edit': leader,
  'meeting.respond': participant,
  'meeting.selfCheckIn': participant,
  'meeting.attendance': leader,
  'meeting.checkIn': leader,
  // School leaders bring guests from their schools (Kalundborg: guests registered in advance).
  'meeting.registerGuest': (actor) => runsNetwork(actor) || isSchoolLeader(actor),
  'document.read': (actor, document) => hasKnownRole(actor) && (document.published || followsEveryone(actor)),
  'document.manage': leader,
  'assignment.read': (actor, assignment) => hasKnownRole(actor) && (assignment.visible || followsEveryone(actor)),
  'assignment.edit': leader,
  'assignment.overview': staffOrLeader,
  'submission.create': participant,
  // Peers see final submissions only (the gallery walk); a school leader sees those of their own teachers.
  'submission.view': (actor, s) =>
    isAuthor(actor, s.authorId) || followsEveryone(actor) || leadsSchoolOf(actor, s.authorId) || (isParticipant(actor) && s.final),
  'submission.readNotes': (actor, s) =>
    isAuthor(actor, s.authorId) || followsEveryone(actor) || leadsSchoolOf(actor, s.authorId) || (isParticipant(actor) && s.peersSeeNotes),
  'submission.download': (actor, s) => isAuthor(actor, s.authorId) || followsEveryone(actor),
  'conversation.record': participant,
  'conversation.read': (actor, c) => followsEveryone(actor) || leadsSchoolOf(actor, c.participantId),
  'conversation.confirm': (actor, c) => leadsSchoolOf(actor, c.participantId),
  'roster.read': staffOrLeader,
  'roster.sync': leader,
  'grades.read': staffOrLeader,
  'grades.give': staffOrLeader,
  'deepLink.create': leader,
  'calendar.subscribe': member,
  // Leaders set network roles (Moodle sends only Instructor, Learner or Administrator), never their own.
  'member.setRole': (actor, target) => runsNetwork(actor) && !isAuthor(actor, target.targetId),
  'member.setSchool': leader,
  'school.manage': leader,
  'school.chooseOwn': participant,
  'schoolLeader.followTeachers': (actor) => isSchoolLeader(actor),
  // Participants see a walk once the leader has published it; leaders and staff see the draft too.
  'gallery.read': (actor, walk) => hasKnownRole(actor) && (walk.published || followsEveryone(actor)),
  'gallery.manage': leader,
  // University staff may run the room for a leader: the console, the big screen, moving people.
  'gallery.facilitate': staffOrLeader,
  // Peers give feedback, never on their own presentation (nor on their own group's).
  'gallery.comment': (actor, station) => isParticipant(actor) && !isOneOf(actor, station.authorIds),
  // An anonymous walk hides names from authors and peers; leaders and staff still see them, and you see your own.
  'gallery.seeCommenter': (actor, c) => followsEveryone(actor) || !c.anonymous || isAuthor(actor, c.commenterId),
  // Every member of a group station reads and answers its feedback; a school leader reads it if one of them is their teacher.
  'gallery.readFeedback': (actor, station) =>
    isOneOf(actor, station.authorIds) || followsEveryone(actor) || station.authorIds.some((authorId) => leadsSchoolOf(actor, authorId)),
  'gallery.respond': (actor, station) => isOneOf(actor, station.authorIds),
  'gallery.reply': (actor, c) => isOneOf(actor, c.authorIds) || isAuthor(actor, c.commenterId),
  'gallery.moderate': staffOrLeader,
  'group.manage': leader,
  // Members see their own group; leaders and staff every group; a school leader the groups of their own teachers.
  'group.read': (actor, group) =>
    followsEveryone(actor) || group.memberIds.includes(actor.user.id) || group.memberIds.some((memberId) => leadsSchoolOf(actor, memberId)),
  'group.readOwn': participant,
  // The groups page: leaders and staff see every group, a school leader those of their teachers.
  'group.list': (actor) => followsEveryone(actor) || isSchoolLeader(actor),
  'forum.read': readsForum,
  'forum.startThread': writesInForum,
  // A locked thread takes no more posts, except from the leaders who locked it.
  'forum.reply': (actor, thread) => writesInForum(actor, thread) && (!thread.locked || runsNetwork(actor)),
  // Pinning, locking, undoing a delete, deleting another's post.
  'forum.moderate': leader,
  // Only the author edits (for a while after posting: the window is the service's, it reads the clock).
  'forum.editPost': (actor, post) => hasKnownRole(actor) && isAuthor(actor, post.authorId),
  'forum.deletePost': (actor, post) => (hasKnownRole(actor) && isAuthor(actor, post.authorId)) || runsNetwork(actor),
  // A private reply is seen by its author, the person it is to, and the network's leaders.
  'forum.readPrivate': (actor, post) => hasKnownRole(actor) && (isAuthor(actor, post.authorId) || isAuthor(actor, post.recipientId) || runsNetwork(actor)),
  // "Post first" threads: leaders and staff read the posts without posting (they set the task and follow it).
  'forum.seeBeforePosting': staffOrLeader,
  // Peer supervision: the thread's facilitator opens the phases; leaders may step in.
  'forum.openPhase': (actor, thread) => runsNetwork(actor) || (hasKnownRole(actor) && isAuthor(actor, thread.facilitatorId)),
  'search.run': member,
  'mail.choose': member,
  'mail.outbox': leader,
  // Staff and leaders see every participant; a school leader sees the rows of their own teachers (the service filters).
  'gradebook.read': (actor) => followsEveryone(actor) || isSchoolLeader(actor),
  'gradebook.export': staffOrLeader,
  'progress.readOwn': participant,
  'progress.read': (actor, p) => (isParticipant(actor) && isAuthor(actor, p.participantId)) || followsEveryone(actor) || leadsSchoolOf(actor, p.participantId),
  // Graders always; the participant once released; their school leader once released and only if the network allows it.
  'grade.see': (actor, g) =>
    followsEveryone(actor) ||
    (isParticipant(actor) && isAuthor(actor, g.participantId) && g.released) ||
    (leadsSchoolOf(actor, g.participantId) && g.released && g.schoolLeadersSeeGrades),
  // Leaders grade anyone; staff grade those allocated to them, or anyone not allocated to a grader.
  'grade.give': (actor, g) =>
    runsNetwork(actor) || (followsEveryone(actor) && (g.allocatedGraderIds.length === 0 || g.allocatedGraderIds.includes(actor.user.id))),
  'grade.readNotes': staffOrLeader,
  // Blind double marking: a marker sees the other mark only once every mark is in; graders who are not markers see them as they come.
  'grade.seeMarks': (actor, m) => followsEveryone(actor) && (m.allSubmitted || !m.markerIds.includes(actor.user.id)),
  // The third grader agrees the result: anyone who grades here except the two markers.
  'grade.agree': (actor, m) => followsEveryone(actor) && !m.markerIds.includes(actor.user.id),
  'grade.release': staffOrLeader,
  'grading.setUp': leader,
  'grading.allocate': leader,
  'commentBank.edit': staffOrLeader,
  'completion.manage': leader,
  'certificate.issue': leader,
  'certificate.read': (actor, c) => (isParticipant(actor) && isAuthor(actor, c.participantId)) || followsEveryone(actor),
  // Leaders build the forms, open and close them, and remind; participants answer (the service checks the form is open).
  'evaluation.manage': leader,
  'evaluation.answer': participant,
  // Results are counts above the anonymity threshold (the service withholds the rest); school leaders are the
  // network's steering group too (Vestfold's control group), so they read them as well.
  'evaluation.readResults': (actor) => followsEveryone(actor) || isSchoolLeader(actor),
  // The big screen, the live results and the "feedback from the last meeting" slide: whoever runs the room.
  'evaluation.present': staffOrLeader,
  'evaluation.export': staffOrLeader,
  // Who has answered (never what): to remind the rest.
  'evaluation.seeRespondents': staffOrLeader,
  // The self-assessment at the start against the end of the year: the participant's own, and staff's.
  'evaluation.readSelfAssessment': (actor, s) => (isParticipant(actor) && isAuthor(actor, s.participantId)) || followsEveryone(actor),
  // A plan is written by its participant, or by every member of its conversation group.
  'plan.write': (actor, plan) => isParticipant(actor) && isOneOf(actor, plan.authorIds),
  // Its authors, leaders and staff, and the school leaders of its authors' schools read it and comment on it.
  'plan.read': (actor, plan) => (isParticipant(actor) && isOneOf(actor, plan.authorIds)) || followsEveryone(actor) || plan.authorIds.some((authorId) => leadsSchoolOf(actor, authorId)),
  'plan.comment': (actor, plan) => (isParticipant(actor) && isOneOf(actor, plan.authorIds)) || followsEveryone(actor) || plan.authorIds.some((authorId) => leadsSchoolOf(actor, authorId)),
  'plan.list': (actor) => followsEveryone(actor) || isSchoolLeader(actor),
  'plan.compile': leader,
};
