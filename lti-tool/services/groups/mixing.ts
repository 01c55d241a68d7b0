import { seededRandom, shuffled } from '../seeded-random';
/**
 * Drawing conversation groups: at random, or mixed across schools and municipalities. Pure: the same roster, shape and
 * seed give the same groups, so a proposal shown to the leader is exactly what is saved when they confirm it.
 *
 * Mixing deals a list round-robin into the groups (position i goes to group i mod k). The list holds each municipality's
 * members together, and within it each school's members together; the order of municipalities, of schools within them
 * and of people within a school is shuffled. A block of c consecutive positions lands in c consecutive groups (mod k),
 * so every group gets ⌊c/k⌋ or ⌈c/k⌉ of any school and of any municipality at once — the most even spread there is —
 * and dealing one list round-robin makes group sizes differ by at most one. Members without a school come last, so
 * they are spread over the groups too. The groups are numbered in a shuffled order so the first is not always the largest.
 */

export interface RosterPerson {
  userId: number;
  schoolId: number | null;
  municipality: string | null;
}

/** Either a wished group size (groups of at least that many, as few larger by one as possible) or a number of groups. */
export type GroupShape = { size: number } | { count: number };

export type DrawMode = 'random' | 'mixed';

/** A group that has more than one member from one school, and why it could not be avoided. */
export interface MixingBreak {
  /** 0-based index into the groups. */
  group: number;
  schoolId: number;
  /** Members of the school in this group. */
  inGroup: number;
  /** Participants of the school in the roster, and the number of groups: more participants than groups forces pairs. */
  schoolTotal: number;
  groupCount: number;
}

export interface DrawResult {
  groups: number[][];
  breaks: MixingBreak[];
}

/** The number of groups a shape asks for, for a roster of n: at least one, never more than n. */
export function groupCountFor(n: number, shape: GroupShape): number {
  if (n === 0) return 0;
  const wanted = 'size' in shape ? Math.floor(n / Math.max(1, shape.size)) : shape.count;
  return Math.min(n, Math.max(1, wanted));
}

function groupedBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) map.set(keyOf(item), [...(map.get(keyOf(item)) ?? []), item]);
  return map;
}

/** The dealing order for mixing: municipality blocks, school blocks inside them, people without a school last. */
function mixingOrder(roster: readonly RosterPerson[], random: () => number): RosterPerson[] {
  const withSchool = roster.filter((person) => person.schoolId !== null);
  const byMunicipality = groupedBy(withSchool, (person) => person.municipality ?? '');
  const order: RosterPerson[] = [];
  // Sorting the keys first makes the shuffle depend on the seed only, not on the order the roster came in.
  for (const municipality of shuffled([...byMunicipality.keys()].sort(), random)) {
    const bySchool = groupedBy(byMunicipality.get(municipality) ?? [], (person) => person.schoolId as number);
    for (const schoolId of shuffled([...bySchool.keys()].sort((a, b) => a - b), random)) {
      order.push(...shuffled(sortedById(bySchool.get(schoolId) ?? []), random));
    }
  }
  order.push(...shuffled(sortedById(roster.filter((person) => person.schoolId === null)), random));
  return order;
}

const sortedById = (people: readonly RosterPerson[]) => [...people].sort((a, b) => a.userId - b.userId);

/** The groups in which one school has more than one member; with mixing, each is forced by the numbers. */
export function schoolBreaks(groups: readonly (readonly number[])[], roster: readonly RosterPerson[]): MixingBreak[] {
  const schoolOf = new Map(roster.map((person) => [person.userId, person.schoolId]));
  const totals = new Map<number, number>();
  for (const person of roster) if (person.schoolId !== null) totals.set(person.schoolId, (totals.get(person.schoolId) ?? 0) + 1);
  const breaks: MixingBreak[] = [];
  groups.forEach((members, group) => {
    const counts = new Map<number, number>();
    for (const userId of members) {
      const schoolId = schoolOf.get(userId);
      if (schoolId !== null && schoolId !== undefined) counts.set(schoolId, (counts.get(schoolId) ?? 0) + 1);
    }
    for (const [schoolId, inGroup] of [...counts].sort((a, b) => a[0] - b[0])) {
      if (inGroup > 1) breaks.push({ group, schoolId, inGroup, schoolTotal: totals.get(schoolId) ?? inGroup, groupCount: groups.length });
    }
  });
  return breaks;
}

/**
 * Draws groups from a roster. Random groups only balance sizes; mixed groups also spread schools and municipalities
 * and report every group that still has two from one school (the roster left no other way).
 */
export function drawGroups(request: { roster: readonly RosterPerson[]; shape: GroupShape; mode: DrawMode; seed: number }): DrawResult {
  const { roster, shape, mode, seed } = request;
  const k = groupCountFor(roster.length, shape);
  if (k === 0) return { groups: [], breaks: [] };
  const random = seededRandom(seed);
  const order = mode === 'mixed' ? mixingOrder(roster, random) : shuffled(sortedById(roster), random);
  const dealt: number[][] = Array.from({ length: k }, () => []);
  order.forEach((person, i) => dealt[i % k]!.push(person.userId));
  const groups = shuffled(dealt, random);
  return { groups, breaks: mode === 'mixed' ? schoolBreaks(groups, roster) : [] };
}
