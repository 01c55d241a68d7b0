import { z } from 'zod';
import type { Db } from '../../db';
import { AppError } from '../../errors';
import { assertAllowed, authorize, contextOf, networkOf, type Actor } from '../../policies';
import { optionalRecordId } from '../form-fields';
import { listSchools } from '../../../models/people';
import { findGradebookSettings, listConversationGroups, listGradebookParticipants, listGroupMemberIds } from '../../../models/gradebook';
import { stateFilters, type StateFilter } from './cell-state';
import { columnSources } from './columns';
import type { ColumnScope, GradebookCell, GradebookColumn, LoadedColumn } from './types';

/** The filter form (a GET form): a school, a conversation group, a state. Empty means all. */
export const gradebookFilterSchema = z.object({
  school: optionalRecordId,
  group: optionalRecordId,
  state: z
    .union([z.literal(''), z.enum(stateFilters)])
    .optional()
    .transform((value) => (value ? value : null)),
});
export type GradebookFilters = z.infer<typeof gradebookFilterSchema>;

/** The query string as filters; a malformed value is refused with a clear message rather than guessed at. */
export function parseGradebookFilters(query: unknown): GradebookFilters {
  const parsed = gradebookFilterSchema.safeParse(query ?? {});
  if (!parsed.success) throw new AppError(400, 'gradebook_filter_invalid', parsed.error.message);
  return parsed.data;
}

export interface GradebookRow {
  userId: number;
  name: string | null;
  schoolId: number | null;
  school: string | null;
  cells: GradebookCell[];
}

export interface Gradebook {
  columns: GradebookColumn[];
  rows: GradebookRow[];
  /** Participants the reader follows, before the filters. */
  followed: number;
  /** The filters as applied: ids that are not this network's are dropped, never trusted. */
  filters: GradebookFilters;
  choices: { schools: Array<{ id: number; name: string }>; groups: Array<{ id: number; name: string }>; states: readonly StateFilter[] };
  canExport: boolean;
  /** Leaders: links to the completion rule and the certificates. */
  canManageCompletion: boolean;
  /** The applied filters as a query string ("?school=3"), for the CSV of the same rows. */
  filterQuery: string;
}

/**
 * The gradebook: the participants the reader follows (every participant for staff and leaders, a school
 * leader's own teachers) × the columns of every column source, filtered by school, group and state.
 * A constant number of queries whatever the number of participants: one per kind of column.
 */
export async function gradebookFor(db: Db, dataDir: string, actor: Actor, requested: GradebookFilters, now = new Date()): Promise<Gradebook> {
  assertAllowed(actor, 'gradebook.read');
  const networkId = networkOf(actor);
  const contextId = contextOf(actor);
  const scope: ColumnScope = { db, actor, networkId, contextId, now, dataDir };
  // Every query at once: none needs another's answer (the columns read the whole network and are cut to the rows after).
  const [participants, schools, groups, settings, groupMembers, builders] = await Promise.all([
    listGradebookParticipants(db, contextId),
    listSchools(db, networkId),
    listConversationGroups(db, networkId),
    findGradebookSettings(db, networkId),
    requested.group === null ? null : listGroupMemberIds(db, networkId, requested.group),
    Promise.all(columnSources.map((source) => source.load(scope))),
  ]);
  // A school leader's rows are their own teachers: the same rule that guards each participant's progress page.
  const followed = participants.filter((person) => authorize(actor, 'progress.read', { participantId: person.userId }));
  const filters: GradebookFilters = {
    school: schools.some((school) => school.id === requested.school) ? requested.school : null,
    group: groups.some((group) => group.id === requested.group) ? requested.group : null,
    state: requested.state,
  };
  const inGroup = filters.group === null ? null : new Set(groupMembers);
  const candidates = followed.filter((person) => (filters.school === null || person.schoolId === filters.school) && (!inGroup || inGroup.has(person.userId)));
  const rows = { userIds: candidates.map((person) => person.userId), schoolLeadersSeeGrades: settings.schoolLeadersSeeGrades };
  const loaded = builders.flatMap((build) => build(rows));
  const shown = filters.state === null ? candidates : candidates.filter((person) => loaded.some((column) => column.filtersOf(person.userId).includes(filters.state!)));
  const shownIds = shown.map((person) => person.userId);
  return {
    columns: loaded.map((column) => ({ ...column.column, summary: column.summaryOf(shownIds) })),
    rows: shown.map((person) => ({ userId: person.userId, name: person.name, schoolId: person.schoolId, school: person.schoolName, cells: cellsOf(loaded, person.userId) })),
    followed: followed.length,
    filters,
    choices: { schools: schools.map((school) => ({ id: school.id, name: school.name })), groups, states: stateFilters },
    canExport: authorize(actor, 'gradebook.export'),
    canManageCompletion: authorize(actor, 'completion.manage'),
    filterQuery: queryOf(filters),
  };
}

function cellsOf(loaded: LoadedColumn[], userId: number): GradebookCell[] {
  return loaded.map((column) => column.cells.get(userId)!);
}

function queryOf(filters: GradebookFilters): string {
  const entries = Object.entries(filters).filter(([, value]) => value !== null).map(([key, value]) => [key, String(value)]);
  return entries.length ? `?${new URLSearchParams(entries).toString()}` : '';
}
