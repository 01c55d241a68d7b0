import { z } from 'zod';
import type { Db } from '../db';
import { notFound } from '../errors';
import { authorize, contextOf, networkFor, type Actor } from '../policies';
import { readSchoolsCsv } from './schools-csv';
import {
  deleteSchool,
  findMemberRole,
  findMemberSchoolId,
  findSchool,
  insertSchools,
  listSchools,
  setLeaderSchools,
  setMemberSchool,
  updateSchool,
  type SchoolRow,
} from '../../models/people';

export { SchoolsCsvRefused } from './schools-csv';
export type { SchoolRow };

export const schoolNameMax = 200;

// Markup is refused outright (and escaped anyway wherever a name is shown): a school is not named "<b>".
const noMarkup = (value: string) => !/[<>]/.test(value);
const schoolFields = {
  name: z.string().trim().min(1).max(schoolNameMax).refine(noMarkup),
  municipality: z.string().trim().max(100).refine(noMarkup).default(''),
};
export const schoolFormSchema = z.object(schoolFields);
export type SchoolInput = z.infer<typeof schoolFormSchema>;

/** Adds one school; one already there (same name and municipality, any case) is not added twice. */
export async function addSchool(db: Db, actor: Actor, input: SchoolInput): Promise<'added' | 'duplicate'> {
  const networkId = networkFor(actor, 'school.manage');
  return (await insertSchools(db, networkId, [input])) === 1 ? 'added' : 'duplicate';
}

export async function editSchool(db: Db, actor: Actor, schoolId: number, input: SchoolInput): Promise<'saved' | 'duplicate'> {
  const networkId = networkFor(actor, 'school.manage');
  if (!(await findSchool(db, networkId, schoolId))) throw notFound(`school ${schoolId}`);
  return (await updateSchool(db, networkId, schoolId, input)) ? 'saved' : 'duplicate';
}

/** Removes a school; its participants keep their membership and are asked for a school again. */
export async function removeSchool(db: Db, actor: Actor, schoolId: number): Promise<void> {
  const networkId = networkFor(actor, 'school.manage');
  if (!(await deleteSchool(db, networkId, schoolId))) throw notFound(`school ${schoolId}`);
}

export interface ImportCounts {
  added: number;
  duplicates: number;
  /** Rows without a name, or with a name too long or with markup: not imported. */
  refused: number;
}

/**
 * Imports schools from CSV bytes. A file that cannot be read (not UTF-8, no name or municipality column)
 * throws SchoolsCsvRefused and saves nothing; readable rows are added, duplicates skipped and counted.
 */
export async function importSchools(db: Db, actor: Actor, bytes: Uint8Array): Promise<ImportCounts> {
  const networkId = networkFor(actor, 'school.manage');
  const rows = readSchoolsCsv(bytes);
  const valid: SchoolInput[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (const row of rows) {
    const parsed = schoolFormSchema.safeParse(row);
    if (!parsed.success) continue;
    const key = `${parsed.data.name.toLowerCase()}\u0000${parsed.data.municipality.toLowerCase()}`;
    if (seen.has(key)) duplicates++;
    else {
      seen.add(key);
      valid.push(parsed.data);
    }
  }
  const added = await insertSchools(db, networkId, valid);
  return { added, duplicates: duplicates + valid.length - added, refused: rows.length - valid.length - duplicates };
}

/** The schools page: leaders only. */
export async function schoolsOf(db: Db, actor: Actor): Promise<SchoolRow[]> {
  return listSchools(db, networkFor(actor, 'school.manage'));
}

async function schoolInNetwork(db: Db, networkId: number, schoolId: number | null): Promise<number | null> {
  if (schoolId === null) return null;
  if (!(await findSchool(db, networkId, schoolId))) throw notFound(`school ${schoolId} is not in network ${networkId}`);
  return schoolId;
}

/** A participant names (or changes) their own school. */
export async function chooseOwnSchool(db: Db, actor: Actor, schoolId: number | null): Promise<void> {
  const networkId = networkFor(actor, 'school.chooseOwn');
  await setMemberSchool(db, contextOf(actor), actor.user.id, await schoolInNetwork(db, networkId, schoolId));
}

/** A leader sets a participant's school. */
export async function setSchoolOfMember(db: Db, actor: Actor, userId: number, schoolId: number | null): Promise<void> {
  const networkId = networkFor(actor, 'member.setSchool');
  const school = await schoolInNetwork(db, networkId, schoolId);
  if (!(await setMemberSchool(db, contextOf(actor), userId, school))) throw notFound(`user ${userId} is not a member here`);
}

/** A leader sets which schools a school leader answers for. */
export async function setSchoolsOfLeader(db: Db, actor: Actor, userId: number, schoolIds: number[]): Promise<void> {
  const networkId = networkFor(actor, 'member.setSchool');
  if (!(await findMemberRole(db, contextOf(actor), userId))) throw notFound(`user ${userId} is not a member here`);
  for (const schoolId of schoolIds) await schoolInNetwork(db, networkId, schoolId);
  await setLeaderSchools(db, networkId, userId, [...new Set(schoolIds)]);
}

export interface SchoolQuestion {
  /** Ask now: a participant without a school in a network that has schools. */
  ask: boolean;
  mayChoose: boolean;
  current: number | null;
  schools: SchoolRow[];
}

/** The "which is your school?" question for a participant; never asked when the network has no schools. */
export async function schoolQuestionFor(db: Db, actor: Actor): Promise<SchoolQuestion> {
  if (!actor.network || !actor.context || !authorize(actor, 'school.chooseOwn')) return { ask: false, mayChoose: false, current: null, schools: [] };
  const schools = await listSchools(db, actor.network.id);
  const current = (await findMemberSchoolId(db, actor.context.id, actor.user.id)) ?? null;
  return { ask: schools.length > 0 && current === null, mayChoose: schools.length > 0, current, schools };
}
