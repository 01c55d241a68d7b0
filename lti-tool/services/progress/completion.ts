import type { Db } from '../../db';
import {
  countCommentsGiven,
  findProgressSettings,
  listCheckIns,
  listExemptions,
  listNetworkAssignments,
  listNetworkMeetings,
  listParticipants,
  listReleasedResults,
  type UserScope,
} from '../../../models/progress';
import { passedOf } from '../grading/scale';
import { answeredFormsOf } from '../evaluations/answered-forms';
import { formStateOf } from '../evaluations/form-state';
import { answerKeyFolder } from './answer-key-folder';
import { defaultRule, evaluateCompletion, type Completion, type NetworkFacts, type RequirementStatus } from './rule';
import { scaleSetUpOf } from '../grading/scale';

export type { Completion, RequirementStatus };

const groupBy = <T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> => {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(row);
    else map.set(key(row), [row]);
  }
  return map;
};

/**
 * Every participant's completion under the network's rule (users who are not active participants are left out).
 * A fixed number of queries whatever the number of participants: each fact is read for all of them at once.
 * `dataDir`: the data folder whose key file tells who has answered an evaluation (by default the tool's own).
 */
export async function completionOf(db: Db, networkId: number, userIds: UserScope, options: { dataDir?: string; now?: Date } = {}): Promise<Map<number, Completion>> {
  const participants = await listParticipants(db, networkId, userIds);
  if (participants.length === 0) return new Map();
  const scope: UserScope = userIds === 'all' ? 'all' : participants.map((p) => p.userId);
  // One after another: within a transaction they share one connection, which runs one query at a time anyway.
  const settings = await findProgressSettings(db, networkId);
  const assignmentRows = await listNetworkAssignments(db, networkId);
  const meetingRows = await listNetworkMeetings(db, networkId);
  const results = await listReleasedResults(db, networkId, scope);
  const checkIns = await listCheckIns(db, networkId, scope);
  const comments = await countCommentsGiven(db, networkId, scope);
  const exemptions = await listExemptions(db, networkId, scope);
  const rule = settings?.rule ?? defaultRule;
  const evaluations = rule.evaluations === 'all' ? await evaluationFactsOf(db, networkId, options) : null;
  const network: NetworkFacts = { rule, assignments: assignmentRows, meetingIds: meetingRows.map((m) => m.id), closedEvaluations: evaluations?.closed ?? [] };
  const passedBy = groupBy(
    results.filter((r) => passedOf(scaleSetUpOf(r.assignmentId, r), r)),
    (r) => r.userId,
  );
  const checkInsBy = groupBy(checkIns, (c) => c.userId);
  const exemptionsBy = groupBy(exemptions, (e) => e.userId);
  return new Map(
    participants.map(({ userId }) => [
      userId,
      evaluateCompletion(network, {
        userId,
        passedAssignmentIds: new Set((passedBy.get(userId) ?? []).map((r) => r.assignmentId)),
        attendedMeetingIds: new Set((checkInsBy.get(userId) ?? []).map((c) => c.meetingId)),
        galleryComments: comments.get(userId) ?? 0,
        answeredFormIds: evaluations ? evaluations.answeredBy(userId) : new Set<number>(),
        exemptions: new Map((exemptionsBy.get(userId) ?? []).map((e) => [e.requirement, e.reason])),
      }),
    ]),
  );
}

/**
 * The closed published evaluation forms, and who answered each (re-deriving each person's answer key): only a
 * closed form is asked for, so a share never drops while a form is still open to be answered.
 */
async function evaluationFactsOf(db: Db, networkId: number, options: { dataDir?: string; now?: Date }) {
  const dataDir = answerKeyFolder(options.dataDir);
  if (!dataDir) throw new Error('the completion rule asks for evaluations, but no data folder tells who has answered');
  const now = options.now ?? new Date();
  const answered = await answeredFormsOf(db, dataDir, networkId);
  const closed = answered.forms.filter((form) => formStateOf(form, now) === 'closed');
  return {
    closed: closed.map((form) => ({ id: form.id, title: form.title })),
    answeredBy: (userId: number) => new Set(closed.filter((form) => answered.hasAnswered(form.id, userId)).map((form) => form.id)),
  };
}
