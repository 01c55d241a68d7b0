import { z } from 'zod';
import { formDecimal, recordId } from './form-fields';
import { AppError, notFound } from '../errors';
import { translator, type Language } from '../i18n';
import { assignmentName } from '../i18n/assignment-name';
import { assertAllowed, contextOf, type Actor } from '../policies';
import { ServiceError, type ServiceDeps } from '../lti/service-client';
import { findActiveMemberRoles } from '../../models/members';
import { findLineItemRow, requeueFailed, type LineItemRow, type OutboxRow } from '../../models/grades';
import { findContextById } from '../../models/launches';
import { findOrCreateLineItem, queueScore } from './grades';

/** The graded items deep-linked activities carry (see deep-linking.ts): network progress, and one per assignment. */
export const progressResourceId = 'natverk-progress';
export const assignmentResourceId = (assignmentId: number) => `natverk-assignment-${assignmentId}`;
export const defaultProgressMaximum = 100;

export const progressGradeSchema = z.object({
  userId: recordId,
  score: formDecimal(0),
  comment: z.string().trim().max(2000).optional().transform((value) => value || undefined),
});

/** A gradebook column of ours: which resource it is, and its label and maximum when we have to create it. */
interface GradedItem {
  resourceId: string;
  label: string;
  scoreMaximum: number;
}

/**
 * Staff (or a leader) grade one participant on one of our columns; the score goes to the durable outbox and
 * from there to the platform's gradebook. The participant must be an active member of this launch's course.
 */
async function gradeParticipant(deps: ServiceDeps, actor: Actor, item: GradedItem, input: z.infer<typeof progressGradeSchema>): Promise<OutboxRow> {
  assertAllowed(actor, 'grades.give');
  const contextId = contextOf(actor);
  const memberRoles = await findActiveMemberRoles(deps.db, contextId, input.userId);
  if (!memberRoles?.includes('participant')) throw notFound(`user ${input.userId} is not a participant here`);
  const lineItem = await lineItemFor(deps, contextId, item);
  if (input.score > lineItem.scoreMaximum) {
    throw new AppError(422, 'score_too_high', `${input.score} > ${lineItem.scoreMaximum}`, { column: item.label, maximum: lineItem.scoreMaximum });
  }
  return queueScore(deps.db, {
    contextId,
    userId: input.userId,
    resourceId: item.resourceId,
    label: lineItem.label,
    scoreGiven: input.score,
    scoreMaximum: lineItem.scoreMaximum,
    activityProgress: 'Completed',
    gradingProgress: 'FullyGraded',
    comment: input.comment,
  });
}

export function gradeProgress(deps: ServiceDeps, launch: Actor, input: z.infer<typeof progressGradeSchema>): Promise<OutboxRow> {
  const label = translator((launch.network?.language ?? 'sv') as Language)('deepLink.items.progress.title');
  return gradeParticipant(deps, launch, { resourceId: progressResourceId, label, scoreMaximum: defaultProgressMaximum }, input);
}

/** A presentation assignment's grade, in the column Deep Linking made for it (or one made now). */
export function gradeAssignment(deps: ServiceDeps, launch: Actor, assignment: { id: number; letter: string; title: string }, input: z.infer<typeof progressGradeSchema>): Promise<OutboxRow> {
  const label = assignmentName(translator((launch.network?.language ?? 'sv') as Language), assignment);
  return gradeParticipant(deps, launch, { resourceId: assignmentResourceId(assignment.id), label, scoreMaximum: defaultProgressMaximum }, input);
}

/**
 * The column: the one the leader placed by deep linking (its maximum is what graders score against),
 * found on the platform once and then kept; created if no one placed it.
 */
async function lineItemFor(deps: ServiceDeps, contextId: number, item: GradedItem): Promise<LineItemRow> {
  const known = await findLineItemRow(deps.db, contextId, item.resourceId);
  if (known) return known;
  const context = await findContextById(deps.db, contextId);
  if (!context) throw notFound(`context ${contextId}`);
  try {
    return await findOrCreateLineItem(deps, context, { ...item, tag: 'natverk' });
  } catch (error) {
    if (error instanceof ServiceError) throw new AppError(502, 'platform_unavailable', error.message);
    throw error;
  }
}

/** Puts a score that failed back in the queue (after the cause, e.g. a missing enrolment, is fixed). */
export async function resendScore(deps: ServiceDeps, actor: Actor, outboxId: number): Promise<void> {
  assertAllowed(actor, 'grades.give');
  if (!(await requeueFailed(deps.db, outboxId, new Date(), contextOf(actor)))) throw notFound(`no failed score ${outboxId} here`);
}
