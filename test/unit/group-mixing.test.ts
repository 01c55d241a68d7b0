import { expect } from 'chai';
import fc from 'fast-check';
import { drawGroups, groupCountFor, type GroupShape, type RosterPerson } from '../../lti-tool/services/groups/mixing';

/** Rosters of 1–300 participants from 1–30 schools in a few municipalities, some without a school. */
const rosterArbitrary = fc
  .record({
    schools: fc.integer({ min: 1, max: 30 }),
    municipalities: fc.integer({ min: 1, max: 6 }),
    picks: fc.array(fc.record({ school: fc.nat(), noSchool: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 300 }),
  })
  .map(({ schools, municipalities, picks }): RosterPerson[] =>
    picks.map((pick, i) => {
      const schoolId = pick.noSchool < 0.1 ? null : (pick.school % schools) + 1;
      return { userId: 1000 + i, schoolId, municipality: schoolId === null ? null : `M${schoolId % municipalities}` };
    }),
  );

const shapeArbitrary: fc.Arbitrary<GroupShape> = fc.oneof(fc.integer({ min: 2, max: 8 }).map((size) => ({ size })), fc.integer({ min: 1, max: 40 }).map((count) => ({ count })));

const pairs = (n: number) => (n * (n - 1)) / 2;

function schoolTotals(roster: readonly RosterPerson[], keyOf: (person: RosterPerson) => string | number | null): Map<string | number, number> {
  const totals = new Map<string | number, number>();
  for (const person of roster) {
    const key = keyOf(person);
    if (key !== null) totals.set(key, (totals.get(key) ?? 0) + 1);
  }
  return totals;
}

/**
 * The fewest same-school pairs any grouping into k groups can have (pigeonhole). A school with c participants over k
 * groups puts at least ⌈c/k⌉ in some group; the pairs inside a group grow with the square of its count, so the fewest
 * pairs come from the most even split: b = c mod k groups get a + 1 = ⌊c/k⌋ + 1 members and the other k − b get a,
 * giving b·C(a+1, 2) + (k − b)·C(a, 2) pairs. Any less even split moves a member from a group with x to one with y ≤ x − 2
 * and lowers the count by x − 1 − y > 0, so the even split is the minimum. Schools do not interact, so the bound is the sum.
 */
function forcedPairs(roster: readonly RosterPerson[], k: number): number {
  let total = 0;
  for (const c of schoolTotals(roster, (person) => person.schoolId).values()) {
    const a = Math.floor(c / k);
    const b = c % k;
    total += b * pairs(a + 1) + (k - b) * pairs(a);
  }
  return total;
}

function sameSchoolPairs(groups: number[][], roster: readonly RosterPerson[]): number {
  const schoolOf = new Map(roster.map((person) => [person.userId, person.schoolId]));
  return groups.reduce((sum, members) => {
    const counts = schoolTotals(
      members.map((userId) => ({ userId, schoolId: schoolOf.get(userId) ?? null, municipality: null })),
      (person) => person.schoolId,
    );
    return sum + [...counts.values()].reduce((s, c) => s + pairs(c), 0);
  }, 0);
}

describe('group mixing', () => {
  const request = fc.record({ roster: rosterArbitrary, shape: shapeArbitrary, seed: fc.integer() });

  it('when groups are drawn in either mode, then every participant is in exactly one group and sizes differ by at most one', () => {
    fc.assert(
      fc.property(request, fc.constantFrom('random' as const, 'mixed' as const), ({ roster, shape, seed }, mode) => {
        const { groups } = drawGroups({ roster, shape, mode, seed });
        expect(groups.length).to.equal(groupCountFor(roster.length, shape));
        expect(groups.flat().sort((a, b) => a - b)).to.deep.equal(roster.map((person) => person.userId));
        const sizes = groups.map((group) => group.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).to.be.at.most(1);
      }),
    );
  });

  it('when a group size is asked for, then no group is smaller than it unless the roster is', () => {
    fc.assert(
      fc.property(rosterArbitrary, fc.integer({ min: 2, max: 8 }), (roster, size) => {
        const { groups } = drawGroups({ roster, shape: { size }, mode: 'mixed', seed: 1 });
        for (const group of groups) expect(group.length).to.be.at.least(Math.min(size, roster.length));
      }),
    );
  });

  it('when every school has at most as many participants as there are groups, then no group has two from one school', () => {
    fc.assert(
      fc.property(request, ({ roster, shape, seed }) => {
        const k = groupCountFor(roster.length, shape);
        fc.pre([...schoolTotals(roster, (person) => person.schoolId).values()].every((c) => c <= k));
        const { groups, breaks } = drawGroups({ roster, shape, mode: 'mixed', seed });
        expect(sameSchoolPairs(groups, roster)).to.equal(0);
        expect(breaks).to.deep.equal([]);
      }),
    );
  });

  it('when schools are larger than the number of groups, then same-school pairs equal the pigeonhole bound and each breaking group is reported with its school', () => {
    fc.assert(
      fc.property(request, ({ roster, shape, seed }) => {
        const { groups, breaks } = drawGroups({ roster, shape, mode: 'mixed', seed });
        expect(sameSchoolPairs(groups, roster)).to.equal(forcedPairs(roster, groups.length));
        const totals = schoolTotals(roster, (person) => person.schoolId);
        const schoolOf = new Map(roster.map((person) => [person.userId, person.schoolId]));
        const expected: string[] = [];
        groups.forEach((members, g) => {
          const counts = schoolTotals(members.map((userId) => ({ userId, schoolId: schoolOf.get(userId) ?? null, municipality: null })), (p) => p.schoolId);
          for (const [schoolId, c] of counts) if (c > 1) expected.push(`${g}:${schoolId}:${c}`);
        });
        expect(breaks.map((b) => `${b.group}:${b.schoolId}:${b.inGroup}`).sort()).to.deep.equal(expected.sort());
        for (const b of breaks) {
          expect(b.schoolTotal).to.equal(totals.get(b.schoolId));
          expect(b.schoolTotal).to.be.greaterThan(b.groupCount);
        }
      }),
    );
  });

  it('when mixing, then each municipality and the members without a school are spread as evenly as they can be', () => {
    fc.assert(
      fc.property(request, ({ roster, shape, seed }) => {
        const { groups } = drawGroups({ roster, shape, mode: 'mixed', seed });
        const k = groups.length;
        const byUser = new Map(roster.map((person) => [person.userId, person]));
        const keyOf = (person: RosterPerson) => (person.schoolId === null ? '(none)' : `m:${person.municipality}`);
        for (const [key, total] of schoolTotals(roster, keyOf)) {
          const counts = groups.map((members) => members.filter((userId) => keyOf(byUser.get(userId) as RosterPerson) === key).length);
          expect(Math.max(...counts), String(key)).to.be.at.most(Math.ceil(total / k));
          expect(Math.min(...counts), String(key)).to.be.at.least(Math.floor(total / k));
        }
      }),
    );
  });

  it('when the same roster and seed are drawn twice, in any roster order, then the groups are the same', () => {
    fc.assert(
      fc.property(request, fc.constantFrom('random' as const, 'mixed' as const), ({ roster, shape, seed }, mode) => {
        const first = drawGroups({ roster, shape, mode, seed });
        const again = drawGroups({ roster: [...roster].reverse(), shape, mode, seed });
        expect(again).to.deep.equal(first);
      }),
    );
  });

  it('when the seed changes, then a large roster is drawn differently', () => {
    const roster = Array.from({ length: 40 }, (_, i): RosterPerson => ({ userId: i + 1, schoolId: (i % 8) + 1, municipality: `M${i % 3}` }));
    const one = drawGroups({ roster, shape: { size: 4 }, mode: 'mixed', seed: 1 });
    const two = drawGroups({ roster, shape: { size: 4 }, mode: 'mixed', seed: 2 });
    expect(one.groups).to.not.deep.equal(two.groups);
  });

  it('when the roster is empty, then there are no groups', () => {
    expect(drawGroups({ roster: [], shape: { count: 3 }, mode: 'mixed', seed: 1 })).to.deep.equal({ groups: [], breaks: [] });
  });
});
