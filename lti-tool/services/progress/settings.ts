import { z } from 'zod';
import type { Db } from '../../db';
import { AppError } from '../../errors';
import { networkFor, type Actor } from '../../policies';
import { findProgressSettings, listNetworkAssignments, listNetworkMeetings, saveProgressSettings, type SettingsFields } from '../../../models/progress';
import { recomputeProgress } from './recompute';
import { defaultRule } from './rule';

const text = (max: number) => z.string().trim().max(max, 'too_long').default('');
const blankAsAbsent = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const ids = z.preprocess((value) => (value === undefined ? [] : ([] as unknown[]).concat(value)), z.array(z.coerce.number().int().positive()));

/** The completion page's form, as a browser sends it (a box not ticked is absent). */
export const completionFormSchema = z
  .object({
    assignmentsMode: z.enum(['all', 'chosen']),
    assignmentIds: ids,
    meetingsMode: z.enum(['all', 'atLeast']),
    minMeetings: z.preprocess(blankAsAbsent, z.coerce.number().int().min(0).max(100).optional()),
    minGalleryComments: z.preprocess(blankAsAbsent, z.coerce.number().int().min(0).max(100).default(0)),
    // Absent (a form from before evaluations existed): no evaluation requirement.
    evaluations: z.enum(['none', 'all']).default('none'),
    schoolLeadersSeeGrades: z.literal('on').optional(),
    organiser: text(200),
    // 7,5 as Swedes, Danes and Norwegians write it, or 7.5.
    hours: z.preprocess((value) => (typeof value === 'string' ? blankAsAbsent(value.replace(',', '.')) : value), z.coerce.number().finite().min(0).max(2000).optional()),
    signerName: text(200),
    signerTitle: text(200),
  })
  .superRefine((form, ctx) => {
    if (form.assignmentsMode === 'chosen' && form.assignmentIds.length === 0) ctx.addIssue({ code: 'custom', path: ['assignmentIds'], message: 'assignmentIds' });
    if (form.meetingsMode === 'atLeast' && form.minMeetings === undefined) ctx.addIssue({ code: 'custom', path: ['minMeetings'], message: 'minMeetings' });
  });
export type CompletionForm = z.infer<typeof completionFormSchema>;

/** The form's values as a browser would send them: what is saved, or the defaults when nothing is. */
export type CompletionValues = Record<string, string | string[]>;

export interface CompletionPage {
  values: CompletionValues;
  assignments: Array<{ id: number; letter: string; title: string }>;
  meetingCount: number;
}

/** The leader's completion page: the rule, school leaders' view of grades, and the certificate's organiser and signer. */
export async function completionSettingsFor(db: Db, actor: Actor): Promise<CompletionPage> {
  const networkId = networkFor(actor, 'completion.manage');
  const [settings, assignmentRows, meetingRows] = await Promise.all([findProgressSettings(db, networkId), listNetworkAssignments(db, networkId), listNetworkMeetings(db, networkId)]);
  const rule = settings?.rule ?? defaultRule;
  return {
    values: {
      assignmentsMode: rule.assignments === 'all' ? 'all' : 'chosen',
      assignmentIds: rule.assignments === 'all' ? [] : rule.assignments.map(String),
      meetingsMode: rule.minMeetings === null ? 'all' : 'atLeast',
      minMeetings: String(rule.minMeetings ?? meetingRows.length),
      minGalleryComments: String(rule.minGalleryComments),
      evaluations: rule.evaluations ?? 'none',
      schoolLeadersSeeGrades: settings?.schoolLeadersSeeGrades ? 'on' : '',
      organiser: settings?.organiser ?? '',
      hours: settings?.hours === null || settings?.hours === undefined ? '' : String(settings.hours),
      signerName: settings?.signerName ?? '',
      signerTitle: settings?.signerTitle ?? '',
    },
    assignments: assignmentRows,
    meetingCount: meetingRows.length,
  };
}

/**
 * Saves the rule and the settings, then recomputes every participant's progress (and queues the shares that
 * changed) in the same transaction. Ticked assignments must be this network's.
 */
export async function saveCompletionSettings(db: Db, actor: Actor, form: CompletionForm): Promise<number> {
  const networkId = networkFor(actor, 'completion.manage');
  const assignmentRows = await listNetworkAssignments(db, networkId);
  const known = new Set(assignmentRows.map((a) => a.id));
  const chosen = [...new Set(form.assignmentIds)];
  if (form.assignmentsMode === 'chosen' && chosen.some((id) => !known.has(id))) throw new AppError(422, 'completion_assignment_unknown', `${chosen.join(',')} in network ${networkId}`);
  const fields: SettingsFields = {
    rule: {
      assignments: form.assignmentsMode === 'all' ? 'all' : chosen,
      minMeetings: form.meetingsMode === 'all' ? null : (form.minMeetings ?? 0),
      minGalleryComments: form.minGalleryComments,
      evaluations: form.evaluations,
    },
    schoolLeadersSeeGrades: form.schoolLeadersSeeGrades === 'on',
    organiser: form.organiser,
    hours: form.hours ?? null,
    signerName: form.signerName,
    signerTitle: form.signerTitle,
  };
  return db.transaction(async (tx) => {
    await saveProgressSettings(tx, networkId, fields, actor.user.id);
    return recomputeProgress(tx, networkId, 'all');
  });
}
