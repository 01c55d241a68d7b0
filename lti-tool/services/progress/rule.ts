import type { CompletionRule } from '../../../models/schema';

/** One requirement of the network's completion rule for one participant. */
export interface RequirementStatus {
  /** `assignment:<id>`, `meetings`, `gallery` or `evaluation:<formId>` (the exemption keys are these, and `meeting:<id>` for one meeting). */
  key: string;
  kind: 'assignment' | 'meetings' | 'gallery' | 'evaluation';
  assignment?: { id: number; letter: string; title: string };
  evaluation?: { id: number; title: string };
  /** What the participant has (passed 0/1, meetings attended, comments given) and what the rule asks. */
  have: number;
  need: number;
  met: boolean;
  exempt: boolean;
  exemptReason: string | null;
  /** Meetings requirement: the meetings waived for this participant (counted as attended), with the reason. */
  exemptMeetings?: Array<{ meetingId: number; reason: string }>;
}

export interface Completion {
  userId: number;
  requirements: RequirementStatus[];
  /** Requirements met or exempted, of all. */
  met: number;
  total: number;
  /** met / total (1 when the rule asks nothing). */
  share: number;
  complete: boolean;
}

/** No settings row: every assignment passed and every meeting of the year attended, no gallery requirement. */
export const defaultRule: CompletionRule = { assignments: 'all', minMeetings: null, minGalleryComments: 0 };

/** What the rule is evaluated against: the network's assignments and meetings (future ones too). */
export interface NetworkFacts {
  rule: CompletionRule;
  assignments: ReadonlyArray<{ id: number; letter: string; title: string }>;
  meetingIds: readonly number[];
  /** The published evaluation forms that have closed (only these can be asked for: an open one can still be answered). */
  closedEvaluations?: ReadonlyArray<{ id: number; title: string }>;
}

/** What one participant has done, and the requirements waived for them (key → reason). */
export interface ParticipantFacts {
  userId: number;
  passedAssignmentIds: ReadonlySet<number>;
  attendedMeetingIds: ReadonlySet<number>;
  galleryComments: number;
  /** The evaluation forms this person has answered (from their answer keys; never what they answered). */
  answeredFormIds?: ReadonlySet<number>;
  exemptions: ReadonlyMap<string, string>;
}

export const assignmentKey = (assignmentId: number) => `assignment:${assignmentId}`;
export const meetingKey = (meetingId: number) => `meeting:${meetingId}`;
export const galleryKey = 'gallery';
export const evaluationKey = (formId: number) => `evaluation:${formId}`;

/**
 * The assignments the rule asks to be passed. Ticked ids that no longer exist are ignored, so deleting an
 * assignment never leaves a requirement nobody can meet.
 */
export function requiredAssignments(network: NetworkFacts) {
  const { assignments: chosen } = network.rule;
  return chosen === 'all' ? [...network.assignments] : network.assignments.filter((assignment) => chosen.includes(assignment.id));
}

/**
 * How many meetings must be attended. "All" (null) counts every meeting of the year, future ones included:
 * nobody is complete before the last meeting. A minimum above the number of meetings asks for all of them.
 */
export function meetingsNeeded(network: NetworkFacts): number {
  const all = network.meetingIds.length;
  return network.rule.minMeetings === null ? all : Math.min(network.rule.minMeetings, all);
}

/**
 * The pure rule: one participant's requirements, each met or exempted or not, and their share.
 * An exempted meeting counts as attended; the meetings requirement itself is never waived as a whole.
 */
export function evaluateCompletion(network: NetworkFacts, person: ParticipantFacts): Completion {
  const requirements: RequirementStatus[] = [];
  for (const assignment of requiredAssignments(network)) {
    const key = assignmentKey(assignment.id);
    const passed = person.passedAssignmentIds.has(assignment.id);
    const reason = person.exemptions.get(key) ?? null;
    requirements.push({ key, kind: 'assignment', assignment, have: passed ? 1 : 0, need: 1, met: passed || reason !== null, exempt: reason !== null, exemptReason: reason });
  }
  const need = meetingsNeeded(network);
  if (need > 0) {
    const exemptMeetings = network.meetingIds.flatMap((id) => {
      const reason = person.exemptions.get(meetingKey(id));
      return reason === undefined || person.attendedMeetingIds.has(id) ? [] : [{ meetingId: id, reason }];
    });
    const attended = network.meetingIds.filter((id) => person.attendedMeetingIds.has(id)).length;
    const have = attended + exemptMeetings.length;
    requirements.push({ key: 'meetings', kind: 'meetings', have, need, met: have >= need, exempt: false, exemptReason: null, exemptMeetings });
  }
  const minComments = network.rule.minGalleryComments;
  if (minComments > 0) {
    const reason = person.exemptions.get(galleryKey) ?? null;
    const have = person.galleryComments;
    requirements.push({ key: galleryKey, kind: 'gallery', have, need: minComments, met: have >= minComments || reason !== null, exempt: reason !== null, exemptReason: reason });
  }
  if (network.rule.evaluations === 'all') {
    for (const form of network.closedEvaluations ?? []) {
      const key = evaluationKey(form.id);
      const answered = person.answeredFormIds?.has(form.id) ?? false;
      const reason = person.exemptions.get(key) ?? null;
      requirements.push({ key, kind: 'evaluation', evaluation: form, have: answered ? 1 : 0, need: 1, met: answered || reason !== null, exempt: reason !== null, exemptReason: reason });
    }
  }
  const met = requirements.filter((requirement) => requirement.met).length;
  const total = requirements.length;
  return { userId: person.userId, requirements, met, total, share: total === 0 ? 1 : met / total, complete: met === total };
}
