import { z } from 'zod';
import type { Db } from '../../db';
import { AppError, notFound } from '../../errors';
import { contextOf, networkFor, type Actor } from '../../policies';
import {
  allocationsReaching,
  deleteAllocation,
  findGraderInContext,
  findParticipantInContext,
  findSchoolInNetwork,
  insertAllocation,
  listAllocations,
  listMembersWithRoles,
  listSchools,
  schoolOfMemberInNetwork,
  type AllocationRow,
  type MarkerSlot,
  type PersonOption,
} from '../../../models/marking';
import { recordId } from '../form-fields';

/** The graders allocated to a participant as first or second marker: directly, or through their school. */
export async function markersOf(db: Db, networkId: number, participantId: number): Promise<{ first: number[]; second: number[] }> {
  const schoolId = await schoolOfMemberInNetwork(db, networkId, participantId);
  const rows = await allocationsReaching(db, networkId, participantId, schoolId);
  const of = (marker: number) => [...new Set(rows.filter((row) => row.marker === marker).map((row) => row.graderUserId))];
  return { first: of(1), second: of(2) };
}

/**
 * The graders allocated to a participant, directly or through their school (first and second markers alike).
 * Empty: no allocation, so any staff may grade them (the `grade.give` rule).
 */
export async function allocatedGradersOf(db: Db, networkId: number, participantId: number): Promise<number[]> {
  const { first, second } = await markersOf(db, networkId, participantId);
  return [...new Set([...first, ...second])];
}

/** The allocation form: a grader, one participant (`p:<id>`) or one school (`s:<id>`), and the marker slot. */
export const allocationFormSchema = z.object({
  graderId: recordId,
  target: z.string().regex(/^[ps]:[1-9]\d{0,9}$/, 'target'),
  marker: z.enum(['1', '2']).transform((value) => Number(value) as MarkerSlot),
});
export type AllocationInput = z.infer<typeof allocationFormSchema>;

/** Allocates a grader of this network to a participant or a school of this network; ids from elsewhere are refused. */
export async function allocateGrader(db: Db, actor: Actor, input: AllocationInput): Promise<void> {
  const networkId = networkFor(actor, 'grading.allocate');
  const contextId = contextOf(actor);
  if (!(await findGraderInContext(db, contextId, input.graderId))) throw new AppError(422, 'allocation_not_a_grader', `user ${input.graderId} grades nothing in network ${networkId}`);
  const id = Number(input.target.slice(2));
  const isSchool = input.target.startsWith('s:');
  if (isSchool ? !(await findSchoolInNetwork(db, networkId, id)) : !(await findParticipantInContext(db, contextId, id))) {
    throw new AppError(422, 'allocation_unknown_target', `${input.target} is not in network ${networkId}`);
  }
  await insertAllocation(db, {
    networkId,
    graderUserId: input.graderId,
    participantUserId: isSchool ? null : id,
    schoolId: isSchool ? id : null,
    marker: input.marker,
    createdByUserId: actor.user.id,
  });
}

export async function removeAllocation(db: Db, actor: Actor, allocationId: number): Promise<void> {
  const networkId = networkFor(actor, 'grading.allocate');
  if (!(await deleteAllocation(db, networkId, allocationId))) throw notFound(`allocation ${allocationId} in network ${networkId}`);
}

export interface AllocationLine {
  id: number;
  graderName: string;
  /** The participant's or the school's name. */
  targetName: string;
  kind: 'participant' | 'school';
  marker: number;
}

export interface AllocationsPage {
  graders: PersonOption[];
  participants: Array<PersonOption & { schoolName: string | null }>;
  schools: Array<{ id: number; name: string }>;
  byGrader: Array<{ name: string; lines: AllocationLine[] }>;
  bySchool: Array<{ name: string; lines: AllocationLine[] }>;
  /** Participants no allocation reaches: any staff may grade them. */
  unallocated: Array<{ name: string; schoolName: string | null }>;
}

const nameOf = (person: { name: string | null } | undefined, fallback: string) => person?.name ?? fallback;

type Entry = { row: AllocationRow; line: AllocationLine; schoolName: string | null };

/** Lines grouped under a heading (a grader's name, a school's name), headings in alphabetical order. */
function groupLines(entries: Entry[], keyOf: (entry: Entry) => string | null): Array<{ name: string; lines: AllocationLine[] }> {
  const groups = new Map<string, AllocationLine[]>();
  for (const entry of entries) {
    const key = keyOf(entry);
    if (key !== null) groups.set(key, [...(groups.get(key) ?? []), entry.line]);
  }
  return [...groups].map(([name, lines]) => ({ name, lines })).sort((a, b) => a.name.localeCompare(b.name));
}

/** Each allocation with the names it shows and the school it concerns (the school's own, or the participant's). */
function entriesOf(rows: AllocationRow[], people: Map<number, PersonOption>, schoolName: Map<number, string>): Entry[] {
  return rows.map((row) => {
    const participant = row.participantUserId === null ? undefined : people.get(row.participantUserId);
    const schoolId = row.schoolId ?? participant?.schoolId ?? null;
    const line: AllocationLine = {
      id: row.id,
      graderName: nameOf(people.get(row.graderUserId), `#${row.graderUserId}`),
      targetName: row.schoolId !== null ? (schoolName.get(row.schoolId) ?? `#${row.schoolId}`) : nameOf(participant, `#${row.participantUserId}`),
      kind: row.schoolId !== null ? 'school' : 'participant',
      marker: row.marker,
    };
    return { row, line, schoolName: schoolId === null ? null : (schoolName.get(schoolId) ?? null) };
  });
}

/** The leader's page: who grades whom, listed by grader and by school, and who nobody is allocated to. */
export async function allocationsPageFor(db: Db, actor: Actor): Promise<AllocationsPage> {
  const networkId = networkFor(actor, 'grading.allocate');
  const contextId = contextOf(actor);
  const [graders, people, schools, rows] = await Promise.all([
    listMembersWithRoles(db, contextId, ['leader', 'staff']),
    listMembersWithRoles(db, contextId, ['participant']),
    listSchools(db, networkId),
    listAllocations(db, networkId),
  ]);
  const schoolName = new Map(schools.map((school) => [school.id, school.name]));
  const entries = entriesOf(rows, new Map([...graders, ...people].map((p) => [p.userId, p])), schoolName);
  const reached = (p: PersonOption) => rows.some((row) => row.participantUserId === p.userId || (row.schoolId !== null && row.schoolId === p.schoolId));
  const participants = people.map((p) => ({ ...p, schoolName: p.schoolId === null ? null : (schoolName.get(p.schoolId) ?? null) }));
  return {
    graders,
    participants,
    schools,
    byGrader: groupLines(entries, (entry) => entry.line.graderName),
    bySchool: groupLines(entries, (entry) => entry.schoolName),
    unallocated: participants.filter((p) => !reached(p)).map((p) => ({ name: nameOf(p, `#${p.userId}`), schoolName: p.schoolName })),
  };
}
