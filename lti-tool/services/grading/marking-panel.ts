import type { Db } from '../../db';
import { authorize, type Actor } from '../../policies';
import { userNames, type MarkWithName } from '../../../models/marking';
import type { CriterionJudgement, CriterionLevel, GradingCriterion } from '../../../models/schema';
import { blindMarkerIds, markingStatus, allSubmitted, type MarkingStatus } from './double-marking-rules';
import { isAgreed, markingCaseFor, markingFactsFor, type MarkingFacts } from './double-marking';

/** A mark as a page shows it (read-only). */
export interface MarkView {
  markerName: string;
  submittedAt: Date | null;
  passed: boolean | null;
  points: number | null;
  criteria: Array<{ title: string; level: CriterionLevel | null; comment: string }>;
  feedback: string;
}

/** What a form shows in its fields: a mark being written, or the agreement. */
export interface MarkFormValues {
  passed: 'pass' | 'again' | '';
  points: string;
  feedback: string;
  levels: Record<string, CriterionLevel | ''>;
  comments: Record<string, string>;
}

/** What the grading page shows of blind double marking for this grader and participant (view: views/grading/_marking.ejs). */
export interface MarkingPanel {
  /** True when the assignment is double marked: the page shows this panel instead of the single grade form. */
  replacesGradeForm: boolean;
  assignmentId: number;
  participantId: number;
  scale: 'passFail' | 'points';
  maxPoints: number | null;
  criteria: GradingCriterion[];
  status: MarkingStatus;
  /** The actor wrote a mark (draft or submitted). */
  isMarker: boolean;
  /** The actor's own mark once submitted (read-only), with whether they may still reopen it. */
  mySubmitted: MarkView | null;
  mayReopen: boolean;
  /** The form for the actor's own draft, or for starting a mark; null when they may not write one. */
  myForm: MarkFormValues | null;
  /** Why there is no form for a grader without a mark: both places taken, or the places are allocated to others. */
  notAMarker: 'full' | 'reserved' | null;
  /** The other marks, only when `grade.seeMarks` allows; hidden entirely from a marker until every mark is in. */
  others: MarkView[];
  othersHidden: boolean;
  /** For a third grader once both marks are in: the agreement, prefilled from the marks (or the agreed grade). */
  agreement: (MarkFormValues & { version: number | null; marksAgree: boolean }) | null;
  agreed: { byName: string | null; at: Date | null } | null;
}

const viewOf = (mark: MarkWithName, criteria: GradingCriterion[]): MarkView => ({
  markerName: mark.markerName ?? `#${mark.markerUserId}`,
  submittedAt: mark.submittedAt,
  passed: mark.passed,
  points: mark.points,
  criteria: criteria.map((criterion) => {
    const judged = mark.criteria.find((c) => c.criterionId === criterion.id);
    return { title: criterion.title, level: judged?.level ?? null, comment: judged?.comment ?? '' };
  }),
  feedback: mark.feedback,
});

function formOf(source: { passed: boolean | null; points: number | null; feedback: string; criteria: CriterionJudgement[] } | undefined): MarkFormValues {
  return {
    passed: source?.passed === true ? 'pass' : source?.passed === false ? 'again' : '',
    points: source?.points === null || source?.points === undefined ? '' : String(source.points),
    feedback: source?.feedback ?? '',
    levels: Object.fromEntries((source?.criteria ?? []).map((c) => [c.criterionId, c.level ?? ''])),
    comments: Object.fromEntries((source?.criteria ?? []).map((c) => [c.criterionId, c.comment])),
  };
}

/** The agreement's starting point: the agreed grade if there is one, else what the two marks share. */
function agreementOf(facts: MarkingFacts): NonNullable<MarkingPanel['agreement']> {
  const [a, b] = facts.marks as [MarkWithName, MarkWithName];
  const marksAgree = a.passed === b.passed && a.points === b.points;
  const version = facts.grade?.version ?? null;
  if (isAgreed(facts.grade)) return { ...formOf(facts.grade), version, marksAgree };
  const feedback = a.feedback === b.feedback ? a.feedback : [a.feedback, b.feedback].filter(Boolean).join('\n\n');
  const criteria = facts.found.setUp.criteria.map((criterion) => {
    const [ja, jb] = [a, b].map((mark) => mark.criteria.find((c) => c.criterionId === criterion.id));
    const comments = [...new Set([ja?.comment, jb?.comment].filter((c): c is string => !!c))];
    return { criterionId: criterion.id, level: ja?.level === jb?.level ? (ja?.level ?? null) : null, comment: comments.join('\n') };
  });
  const form = formOf({ passed: marksAgree ? a.passed : null, points: marksAgree ? a.points : null, feedback, criteria });
  return { ...form, version, marksAgree };
}

/**
 * What this grader may see and do of the blind double marking of one participant's assignment; null when the
 * assignment is not double marked. A marker never learns the other mark's content before both are submitted.
 */
export async function markingPanelFor(db: Db, actor: Actor, assignmentId: number, participantId: number): Promise<MarkingPanel | null> {
  const found = await markingCaseFor(db, actor, assignmentId, participantId);
  if (!found) return null;
  const facts = await markingFactsFor(db, actor, found);
  const { marks, allocated, grade, mayStart } = facts;
  const criteria = found.setUp.criteria;
  const mine = marks.find((mark) => mark.markerUserId === actor.user.id);
  const agreed = isAgreed(grade);
  const everyMarkIn = allSubmitted(marks);
  const seesOthers = authorize(actor, 'grade.seeMarks', { markerIds: blindMarkerIds(actor.user.id, marks, allocated, mayStart), allSubmitted: everyMarkIn });
  const mayAgree = everyMarkIn && authorize(actor, 'grade.agree', { markerIds: marks.map((mark) => mark.markerUserId) });
  const agreedBy = agreed && grade?.gradedByUserId ? ((await userNames(db, [grade.gradedByUserId])).get(grade.gradedByUserId) ?? null) : null;
  return {
    replacesGradeForm: true,
    assignmentId,
    participantId,
    scale: found.setUp.scale,
    maxPoints: found.setUp.maxPoints,
    criteria,
    status: markingStatus(marks, agreed),
    isMarker: mine !== undefined,
    mySubmitted: mine?.submittedAt ? viewOf(mine, criteria) : null,
    mayReopen: mine !== undefined && mine.submittedAt !== null && !agreed,
    myForm: mine && !mine.submittedAt && !agreed ? formOf(mine) : !mine && mayStart ? formOf(undefined) : null,
    notAMarker: mine || mayStart || agreed ? null : marks.length >= 2 ? 'full' : 'reserved',
    // A draft is its marker's alone, whoever else may see marks.
    others: seesOthers ? marks.filter((mark) => mark !== mine && mark.submittedAt !== null).map((mark) => viewOf(mark, criteria)) : [],
    othersHidden: !seesOthers,
    agreement: mayAgree ? agreementOf(facts) : null,
    agreed: agreed ? { byName: agreedBy, at: grade?.gradedAt ?? null } : null,
  };
}
