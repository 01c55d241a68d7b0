import type { Db } from '../../db';
import { notFound } from '../../errors';
import { assertAllowed, contextOf, type Actor } from '../../policies';
import { requeueFailed } from '../../../models/grades';

/** Puts a score that failed back in the queue (after the cause, e.g. a missing enrolment, is fixed). */
export async function resendScore(deps: { db: Db }, actor: Actor, outboxId: number): Promise<void> {
  assertAllowed(actor, 'grades.give');
  if (!(await requeueFailed(deps.db, outboxId, new Date(), contextOf(actor)))) throw notFound(`no failed score ${outboxId} here`);
}
