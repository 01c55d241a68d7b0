import type { Db } from '../../db';
import { notFound } from '../../errors';
import { assertAllowed, authorize, followsEveryone, networkOf, type Actor } from '../../policies';
import {
  findProgressSettings,
  listCheckIns,
  listExemptions,
  listFeedbackReceived,
  listGradesOf,
  listNetworkAssignments,
  listNetworkMeetings,
  listParticipants,
} from '../../../models/progress';
import { listPublishedForms } from '../../../models/evaluations';
import type { CriterionLevel, GradingCriterion } from '../../../models/schema';
import { completionOf, type Completion } from './completion';
import { assignmentKey, evaluationKey, galleryKey, meetingKey } from './rule';
import { scaleSetUpOf } from '../grading/scale';
import { defaultCriteria } from '../grading/setup';

/** A grade as the viewer may see it: the result, the feedback and the criteria's judgements, never private notes. */
export interface VisibleGrade {
  state: 'inGrading' | 'graded' | 'released';
  result: { kind: 'pass' | 'again' | 'none' } | { kind: 'points'; points: number; maxPoints: number | null };
  feedback: string;
  criteria: Array<{ title: string; level: CriterionLevel | null; comment: string }>;
  releasedAt: Date | null;
}

export interface ProgressAssignment {
  id: number;
  letter: string;
  title: string;
  dueAt: Date;
  required: boolean;
  met: boolean;
  exemptReason: string | null;
  /** null: not graded, or a grade the viewer may not see (yet). */
  grade: VisibleGrade | null;
}

export interface ProgressPage {
  participant: { userId: number; name: string | null };
  isOwn: boolean;
  completion: Completion;
  percent: number;
  assignments: ProgressAssignment[];
  meetingsRequirement: { have: number; need: number; met: boolean; count: number } | null;
  meetings: Array<{ id: number; number: number; theme: string; startsAt: Date; attended: boolean; upcoming: boolean; exemptReason: string | null }>;
  galleryRequirement: { have: number; need: number; met: boolean; exemptReason: string | null } | null;
  /** The rule asks every closed evaluation to be answered: each closed form, answered or not (never what). */
  evaluationRequirements: Array<{ formId: number; title: string; met: boolean; answered: boolean; exemptReason: string | null }> | null;
  /** False for a school leader in a network that does not share grades with them. */
  showsGrades: boolean;
  feedbackReceived: { total: number; walks: Array<{ walkId: number; title: string; comments: number; href: string | null }> };
  /** Leaders only: exemptions with what they waive, and the requirements one can be given for. */
  manage: null | {
    exemptions: Array<{ id: number; requirement: string; label: RequirementLabel; reason: string; grantedAt: Date }>;
    options: Array<{ key: string; label: RequirementLabel }>;
  };
}

/** What a requirement key names, for the view to put in words. */
export type RequirementLabel =
  | { kind: 'assignment'; letter: string; title: string }
  | { kind: 'meeting'; number: number; theme: string }
  | { kind: 'gallery' }
  | { kind: 'evaluation'; title: string }
  | { kind: 'unknown'; key: string };

/** The participant's own year: what is done, what remains, the feedback received. */
export async function ownProgress(db: Db, actor: Actor, now = new Date()): Promise<ProgressPage> {
  assertAllowed(actor, 'progress.readOwn');
  return progressOf(db, actor, actor.user.id, now);
}

/**
 * One participant's year for staff, leaders, their school leader (and themselves): 404 for anyone who is not a
 * participant of this network. Grades show as `grade.see` allows; leaders also get the exemptions.
 */
export async function progressOf(db: Db, actor: Actor, participantId: number, now = new Date()): Promise<ProgressPage> {
  assertAllowed(actor, 'progress.read', { participantId });
  const networkId = networkOf(actor);
  const [participant] = await listParticipants(db, networkId, [participantId]);
  if (!participant) throw notFound(`user ${participantId} is not a participant of network ${networkId}`);
  const [completions, settings, assignmentRows, meetingRows, checkIns, grades, feedback, exemptions, formRows] = await Promise.all([
    completionOf(db, networkId, [participantId], { now }),
    findProgressSettings(db, networkId),
    listNetworkAssignments(db, networkId),
    listNetworkMeetings(db, networkId),
    listCheckIns(db, networkId, [participantId]),
    listGradesOf(db, networkId, participantId),
    listFeedbackReceived(db, networkId, participantId),
    listExemptions(db, networkId, [participantId]),
    listPublishedForms(db, networkId),
  ]);
  const completion = completions.get(participantId)!;
  const schoolLeadersSeeGrades = settings?.schoolLeadersSeeGrades ?? false;
  const byKey = new Map(completion.requirements.map((r) => [r.key, r]));
  const exemptReasons = new Map(exemptions.map((e) => [e.requirement, e.reason]));
  const attended = new Set(checkIns.map((c) => c.meetingId));
  const gradeOf = new Map(grades.map((g) => [g.assignmentId, g]));
  const isOwn = participantId === actor.user.id;
  const language = actor.network?.language ?? 'sv';
  const meetingsReq = byKey.get('meetings');
  const galleryReq = byKey.get(galleryKey);
  const labels = labelsOf(assignmentRows, meetingRows, formRows);
  return {
    participant: { userId: participantId, name: participant.name },
    isOwn,
    completion,
    percent: Math.round(completion.share * 100),
    assignments: assignmentRows.map((a) => {
      const requirement = byKey.get(assignmentKey(a.id));
      const row = gradeOf.get(a.id);
      const visible = row && authorize(actor, 'grade.see', { participantId, released: row.state === 'released', schoolLeadersSeeGrades });
      return { ...a, required: !!requirement, met: requirement?.met ?? false, exemptReason: requirement?.exemptReason ?? null, grade: visible ? visibleGrade(row, () => defaultCriteria(a, language)) : null };
    }),
    meetingsRequirement: meetingsReq ? { have: meetingsReq.have, need: meetingsReq.need, met: meetingsReq.met, count: meetingRows.length } : null,
    meetings: meetingRows.map((m) => ({ ...m, attended: attended.has(m.id), upcoming: m.startsAt > now, exemptReason: exemptReasons.get(meetingKey(m.id)) ?? null })),
    galleryRequirement: galleryReq ? { have: galleryReq.have, need: galleryReq.need, met: galleryReq.met, exemptReason: galleryReq.exemptReason } : null,
    evaluationRequirements: settings?.rule.evaluations === 'all'
      ? completion.requirements
          .filter((r) => r.kind === 'evaluation')
          .map((r) => ({ formId: r.evaluation!.id, title: r.evaluation!.title, met: r.met, answered: r.have > 0, exemptReason: r.exemptReason }))
      : null,
    showsGrades: followsEveryone(actor) || isOwn || schoolLeadersSeeGrades,
    feedbackReceived: {
      total: feedback.reduce((sum, walk) => sum + walk.comments, 0),
      walks: feedback.map((walk) => ({ ...walk, href: isOwn ? `/gallery/${walk.walkId}/feedback` : followsEveryone(actor) ? `/gallery/${walk.walkId}/feedback?station=${walk.stationId}` : null })),
    },
    manage: authorize(actor, 'completion.manage')
      ? {
          exemptions: exemptions.map((e) => ({ id: e.id, requirement: e.requirement, label: labels(e.requirement), reason: e.reason, grantedAt: e.grantedAt })),
          options: exemptionKeys(assignmentRows, meetingRows, formRows).map((key) => ({ key, label: labels(key) })),
        }
      : null,
  };
}

type GradeRowOf = Awaited<ReturnType<typeof listGradesOf>>[number];

/** `defaults`: the criteria graders saw when the leader set none up (they are named in the network's language). */
function visibleGrade(row: GradeRowOf, defaults: () => GradingCriterion[]): VisibleGrade {
  const setUp = scaleSetUpOf(row.assignmentId, row);
  const titles = new Map((row.criteriaSetUp ?? defaults()).map((c) => [c.id, c.title]));
  const result: VisibleGrade['result'] =
    setUp.scale === 'points'
      ? row.points === null
        ? { kind: 'none' }
        : { kind: 'points', points: row.points, maxPoints: setUp.maxPoints }
      : { kind: row.passed === null ? 'none' : row.passed ? 'pass' : 'again' };
  return {
    state: row.state,
    result,
    feedback: row.feedback,
    criteria: row.criteria.filter((c) => c.level !== null || c.comment.trim()).map((c) => ({ title: titles.get(c.criterionId) ?? c.criterionId, level: c.level, comment: c.comment })),
    releasedAt: row.releasedAt,
  };
}

/** Every requirement an exemption can waive in this network. */
export function exemptionKeys(assignmentRows: ReadonlyArray<{ id: number }>, meetingRows: ReadonlyArray<{ id: number }>, formRows: ReadonlyArray<{ id: number }> = []): string[] {
  return [...assignmentRows.map((a) => assignmentKey(a.id)), ...meetingRows.map((m) => meetingKey(m.id)), galleryKey, ...formRows.map((f) => evaluationKey(f.id))];
}

function labelsOf(
  assignmentRows: ReadonlyArray<{ id: number; letter: string; title: string }>,
  meetingRows: ReadonlyArray<{ id: number; number: number; theme: string }>,
  formRows: ReadonlyArray<{ id: number; title: string }>,
) {
  return (key: string): RequirementLabel => {
    if (key === galleryKey) return { kind: 'gallery' };
    const [kind, id] = key.split(':');
    const assignment = kind === 'assignment' ? assignmentRows.find((a) => String(a.id) === id) : undefined;
    if (assignment) return { kind: 'assignment', letter: assignment.letter, title: assignment.title };
    const meeting = kind === 'meeting' ? meetingRows.find((m) => String(m.id) === id) : undefined;
    if (meeting) return { kind: 'meeting', number: meeting.number, theme: meeting.theme };
    const form = kind === 'evaluation' ? formRows.find((f) => String(f.id) === id) : undefined;
    if (form) return { kind: 'evaluation', title: form.title };
    return { kind: 'unknown', key };
  };
}

