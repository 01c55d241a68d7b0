import { DateTime } from 'luxon';
import MarkdownIt from 'markdown-it';
import { z } from 'zod';
import { formDate, formInteger, optionalFormDate, optionalFormInteger, optionalRecordId } from './form-fields';
import type { Db } from '../db';
import { AppError, notFound } from '../errors';
import { authorize, networkFor, networkOf, type Actor } from '../policies';
import { presentationFormats } from '../../models/schema';
import { findAssignmentInNetwork, insertAssignment, listAssignments, updateAssignment, type AssignmentRow } from '../../models/assignments';
import { findMeetingInNetwork, findNetworkById } from '../../models/year';
import { assignmentDefaults } from './assignment-defaults';
import { localInstant } from './year';

/** The formats a leader can accept for an assignment, for the editor's choices. */
export { presentationFormats };

const checkbox = z.literal('on').optional().transform((value) => value === 'on');
const optionalCount = (max: number) => optionalFormInteger(1, max).transform((value) => value ?? null);

/** The leader's assignment form. Guiding questions are one text: "# Heading" lines, then one question per line. */
export const assignmentFormSchema = z.object({
  letter: z.string().trim().toUpperCase().regex(/^[A-Z0-9]{1,3}$/),
  title: z.string().trim().min(1).max(200),
  instructions: z.string().trim().max(20_000).default(''),
  guidingQuestions: z.string().max(20_000).default(''),
  meetingId: optionalRecordId,
  dueDate: formDate,
  dueTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  visibleFromDate: optionalFormDate,
  presentationMinutes: optionalCount(240),
  groupSize: optionalCount(50),
  acceptedFormats: z
    .union([z.enum(presentationFormats), z.array(z.enum(presentationFormats))])
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .pipe(z.array(z.enum(presentationFormats)).min(1)),
  maxMegabytes: formInteger(1, 200),
  notesRequired: checkbox,
  peersSeeNotes: checkbox,
  leaderConversation: checkbox,
});
export type AssignmentForm = z.infer<typeof assignmentFormSchema>;

export function parseGuidingQuestions(text: string): Array<{ heading: string; questions: string[] }> {
  const sections: Array<{ heading: string; questions: string[] }> = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('#')) sections.push({ heading: line.replace(/^#+\s*/, ''), questions: [] });
    else {
      if (!sections.length) sections.push({ heading: '', questions: [] });
      sections.at(-1)!.questions.push(line.replace(/^[-·•*]\s*/, ''));
    }
  }
  return sections.filter((section) => section.heading || section.questions.length);
}

export function guidingQuestionsText(sections: AssignmentRow['guidingQuestions']): string {
  return sections.map((section) => [section.heading ? `# ${section.heading}` : '', ...section.questions.map((question) => `- ${question}`)].filter(Boolean).join('\n')).join('\n\n');
}

/** The form's values for an assignment, in the network's time zone. */
export function assignmentFormValues(assignment: AssignmentRow, timeZone: string) {
  const local = (date: Date) => DateTime.fromJSDate(date, { zone: timeZone });
  return {
    letter: assignment.letter,
    title: assignment.title,
    instructions: assignment.instructions,
    guidingQuestions: guidingQuestionsText(assignment.guidingQuestions),
    meetingId: assignment.meetingId ? String(assignment.meetingId) : '',
    dueDate: local(assignment.dueAt).toISODate(),
    dueTime: local(assignment.dueAt).toFormat('HH:mm'),
    visibleFromDate: assignment.visibleFrom ? local(assignment.visibleFrom).toISODate() : '',
    presentationMinutes: assignment.presentationMinutes ?? '',
    groupSize: assignment.groupSize ?? '',
    acceptedFormats: assignment.acceptedFormats,
    maxMegabytes: Math.round(assignment.maxBytes / (1024 * 1024)),
    notesRequired: assignment.notesRequired ? 'on' : undefined,
    peersSeeNotes: assignment.peersSeeNotes ? 'on' : undefined,
    leaderConversation: assignment.leaderConversation ? 'on' : undefined,
  };
}

export const newAssignmentValues = (dueDate: string) => ({
  acceptedFormats: assignmentDefaults.acceptedFormats,
  maxMegabytes: assignmentDefaults.maxBytes / (1024 * 1024),
  notesRequired: 'on',
  dueDate,
  dueTime: '09:00',
});

/** Creates (no id) or changes an assignment. The meeting must be one of the network's; the letter is unique in it. */
export async function saveAssignment(db: Db, actor: Actor, assignmentId: number | null, form: AssignmentForm): Promise<AssignmentRow> {
  const networkId = networkFor(actor, 'assignment.edit');
  const network = await findNetworkById(db, networkId);
  if (!network) throw notFound(`network ${networkId}`);
  if (form.meetingId !== null && !(await findMeetingInNetwork(db, networkId, form.meetingId))) throw notFound(`meeting ${form.meetingId} in network ${networkId}`);
  const existing = (await listAssignments(db, networkId)).find((assignment) => assignment.letter === form.letter);
  if (existing && existing.id !== assignmentId) throw new AppError(422, 'assignment_letter_taken', form.letter);
  const values = {
    letter: form.letter,
    title: form.title,
    instructions: form.instructions,
    guidingQuestions: parseGuidingQuestions(form.guidingQuestions),
    meetingId: form.meetingId,
    dueAt: localInstant(form.dueDate, form.dueTime, network.timeZone),
    visibleFrom: form.visibleFromDate ? localInstant(form.visibleFromDate, '00:00', network.timeZone) : null,
    presentationMinutes: form.presentationMinutes,
    groupSize: form.groupSize,
    acceptedFormats: form.acceptedFormats,
    maxBytes: form.maxMegabytes * 1024 * 1024,
    notesRequired: form.notesRequired,
    peersSeeNotes: form.peersSeeNotes,
    leaderConversation: form.leaderConversation,
  };
  if (assignmentId === null) return insertAssignment(db, { ...values, networkId });
  if (!(await findAssignmentInNetwork(db, networkId, assignmentId))) throw notFound(`assignment ${assignmentId} in network ${networkId}`);
  return (await updateAssignment(db, assignmentId, values))!;
}

/** Those who run the network see every assignment; participants and school leaders from its visible-from date. */
const mayRead = (actor: Actor, assignment: AssignmentRow, now: Date) =>
  authorize(actor, 'assignment.read', { visible: !assignment.visibleFrom || assignment.visibleFrom <= now });

export async function assignmentsOfLaunch(db: Db, actor: Actor, now = new Date()): Promise<AssignmentRow[]> {
  const all = await listAssignments(db, networkOf(actor));
  return all.filter((assignment) => mayRead(actor, assignment, now));
}

/** The list page's assignments, each with whether it is still hidden from participants (for the leader's note). */
export async function assignmentList(db: Db, actor: Actor, now = new Date()): Promise<Array<AssignmentRow & { hiddenUntilLater: boolean }>> {
  const assignments = await assignmentsOfLaunch(db, actor, now);
  return assignments.map((assignment) => ({ ...assignment, hiddenUntilLater: Boolean(assignment.visibleFrom && assignment.visibleFrom > now) }));
}

/** One assignment of the actor's network that this person may see. */
export async function assignmentOfLaunch(db: Db, actor: Actor, assignmentId: number, now = new Date()): Promise<AssignmentRow> {
  const assignment = await findAssignmentInNetwork(db, networkOf(actor), assignmentId);
  if (!assignment || !mayRead(actor, assignment, now)) throw notFound(`assignment ${assignmentId}`);
  return assignment;
}

// Raw HTML off: instructions are the leader's text, shown to everyone; markdown-it also refuses javascript: links.
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true });
// Links lead out of the course page's frame, into a tab of their own, without telling the target where from.
markdown.renderer.rules.link_open = (tokens, index, options, _env, self) => {
  tokens[index]!.attrSet('target', '_blank');
  tokens[index]!.attrSet('rel', 'noopener noreferrer');
  return self.renderToken(tokens, index, options);
};

export function renderInstructions(text: string): string {
  return markdown.render(text);
}
