// A network with a leader and participants launched through the test platform, for the answering tests.
import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import { answerKeyOf } from '../../lti-tool/services/evaluations/answer-key';
import { evaluationAnswers, networks, users } from '../../models/schema';
import { claim, launchAs, role, type NetworkMember } from '../support/network-member';
import { seedForm, type SeedQuestion } from '../support/evaluations';
import type { ToolUnderTest } from '../support/tool';
import type { AnswerRow, FormRow, QuestionRow } from '../../models/evaluations';

export const userIdOf = async (t: ToolUnderTest, sub: string) => (await t.database.db.select({ id: users.id }).from(users).where(eq(users.sub, sub)))[0]!.id;

export async function networkIdOf(t: ToolUnderTest): Promise<number> {
  const [network] = await t.database.db.select().from(networks).orderBy(networks.id).limit(1);
  return network!.id;
}

/** The leader (sub 1) and participants launched in the course, in their languages. */
export async function launchNetwork(t: ToolUnderTest, participants: Array<{ sub: string; locale?: string; email?: string }>): Promise<{ leader: NetworkMember; members: NetworkMember[] }> {
  const leader = await launchAs(t, '1', [role('Instructor')], { email: 'leader@example.org' }, 'en');
  const members: NetworkMember[] = [];
  for (const person of participants) members.push(await launchAs(t, person.sub, [role('Learner')], { name: `Person ${person.sub}`, email: person.email ?? `p${person.sub}@example.org` }, person.locale ?? 'en'));
  return { leader, members };
}

/** A participant's launch inside Moodle's frame, where pages offer "open on your phone". */
export const launchInFrame = (t: ToolUnderTest, sub: string) => launchAs(t, sub, [role('Learner')], { name: `Person ${sub}`, [claim('launch_presentation')]: { locale: 'en', document_target: 'iframe' } }, 'en');

/** The five kinds of question, the scale and yes/no required. */
export const fiveKinds: SeedQuestion[] = [
  { kind: 'scale', text: 'How useful was the day?', lowLabel: 'Not at all', highLabel: 'Very', required: true },
  { kind: 'single', text: 'Which part helped most?', options: ['Lecture', 'Gallery walk', 'Conversation'] },
  { kind: 'multiple', text: 'What will you use?', options: ['Exit tickets', 'Peer review', 'Logbook'] },
  { kind: 'text', text: 'Anything else?' },
  { kind: 'yesno', text: 'Would you recommend it?', required: true },
];

export async function seedOpenForm(t: ToolUnderTest, overrides: { anonymous?: boolean; title?: string; closesAt?: Date | null; opensAt?: Date | null; published?: boolean; networkId?: number } = {}): Promise<{ form: FormRow; questions: QuestionRow[] }> {
  return seedForm(t.database.db, {
    networkId: overrides.networkId ?? (await networkIdOf(t)),
    title: overrides.title ?? 'Evaluation of meeting 1',
    anonymous: overrides.anonymous ?? true,
    closesAt: overrides.closesAt === undefined ? new Date(Date.now() + 3 * 24 * 60 * 60_000) : overrides.closesAt,
    opensAt: overrides.opensAt,
    published: overrides.published,
    questions: fiveKinds,
  });
}

/** A person's stored answer, found as the tool finds it. */
export async function storedAnswer(t: ToolUnderTest, formId: number, userId: number): Promise<AnswerRow | undefined> {
  const [row] = await t.database.db.select().from(evaluationAnswers).where(and(eq(evaluationAnswers.formId, formId), eq(evaluationAnswers.key, answerKeyOf(t.config.dataDir, formId, userId))));
  return row;
}

/** The form fields of a complete answer to the five kinds. */
export function completeAnswer(questions: QuestionRow[], overrides: Record<number, string | string[]> = {}): Record<string, string | string[]> {
  const [scale, single, multiple, text, yesno] = questions;
  const fields: Record<string, string | string[]> = { [`q${scale!.id}`]: '4', [`q${single!.id}`]: '1', [`q${multiple!.id}`]: ['0', '2'], [`q${text!.id}`]: 'Good day', [`q${yesno!.id}`]: 'yes' };
  for (const [index, value] of Object.entries(overrides)) fields[`q${questions[Number(index)]!.id}`] = value;
  return fields;
}

export const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';

export function expectStatus(result: { status: number; html: string }, status: number): void {
  expect(result.status, result.html.slice(0, 400)).to.equal(status);
}
