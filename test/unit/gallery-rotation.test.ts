import { expect } from 'chai';
import fc from 'fast-check';
import { placeLateArrival, planProblems, planRotation, type RotationRequest, type Visit } from '../../lti-tool/services/gallery/rotation';

/** A plan read back into arrays: where each walker is per round, and each station's visitors per round and in all. */
function facts(request: RotationRequest, visits: readonly Visit[]) {
  const S = request.stations.length;
  const index = new Map(request.stations.map((station, s) => [station.id, s]));
  const own = (userId: number, s: number) => (request.stations[s]?.authorIds ?? []).includes(userId);
  const at = new Map<number, number[]>(request.walkers.map((userId) => [userId, new Array<number>(request.rounds + 1).fill(-1)]));
  const load = Array.from({ length: request.rounds + 1 }, () => new Array<number>(S).fill(0));
  const total = new Array<number>(S).fill(0);
  for (const visit of visits) {
    const s = index.get(visit.stationId) as number;
    (at.get(visit.userId) as number[])[visit.round] = s;
    (load[visit.round] as number[])[s]! += 1;
    total[s]! += 1;
  }
  return { S, own, at, load, total };
}

type Facts = ReturnType<typeof facts>;

/**
 * For each station of round r, the stations its visitors could be moved to by a chain of moves of one walker each to
 * a station they may visit (not their own, not one they visit in another round).
 */
function reachableInRound(f: Facts, round: number): Array<Set<number>> {
  const moves = Array.from({ length: f.S }, () => new Set<number>());
  for (const [userId, stations] of f.at) {
    const s = stations[round] as number;
    for (let t = 0; t < f.S; t++) if (!stations.includes(t) && !f.own(userId, t)) moves[s]!.add(t);
  }
  return moves.map((_, from) => {
    const seen = new Set<number>([from]);
    const queue = [from];
    while (queue.length > 0) for (const t of moves[queue.shift() as number]!) if (!seen.has(t)) (seen.add(t), queue.push(t));
    seen.delete(from);
    return seen;
  });
}

/** Pairs who stand at one station in a round and again together at one station in the next. */
function pairsMetAgain(request: RotationRequest, f: Facts): number {
  let again = 0;
  for (let r = 1; r < request.rounds; r++) {
    const walkers = [...f.at.entries()];
    for (let i = 0; i < walkers.length; i++) {
      for (let j = i + 1; j < walkers.length; j++) {
        const [a, b] = [walkers[i]![1], walkers[j]![1]];
        if (a[r] === b[r] && a[r + 1] === b[r + 1]) again++;
      }
    }
  }
  return again;
}

/**
 * Rosters as a walk meets them: 1–300 walkers (odd and even), 1–60 stations with 0–3 authors each; authors with ids
 * above the walkers' are absent; walkers who author nothing; sometimes a crowded roster where a few people author
 * many stations, so that the plan must be refused.
 */
const rosters = fc
  .record({ stationCount: fc.integer({ min: 1, max: 60 }), walkerCount: fc.integer({ min: 1, max: 300 }), crowded: fc.boolean(), seed: fc.integer() })
  .chain(({ stationCount, walkerCount, crowded, seed }) => {
    const authorId = fc.integer({ min: 1, max: crowded ? Math.min(3, walkerCount) : walkerCount + 20 });
    return fc.record({
      stations: fc.array(fc.array(authorId, { maxLength: 3 }), { minLength: stationCount, maxLength: stationCount })
        .map((groups) => groups.map((authorIds, s) => ({ id: 100 + s * 7, authorIds }))),
      walkers: fc.constant(Array.from({ length: walkerCount }, (_, i) => i + 1)),
      rounds: fc.integer({ min: 1, max: stationCount }),
      seed: fc.constant(seed),
    });
  });

const fewestOpen = (request: RotationRequest) => Math.min(...request.walkers.map((userId) => request.stations.filter((station) => !station.authorIds.includes(userId)).length));

describe('gallery walk rotation plan', () => {
  it('when a roster is planned, then every walker visits `rounds` different stations of others, one per round, or the plan is refused for the right reason', () => {
    fc.assert(
      fc.property(rosters, (request) => {
        const result = planRotation(request);
        if (!result.ok) {
          expect(result).to.deep.equal({ ok: false, problem: 'too_few_stations', needed: request.rounds, available: fewestOpen(request) });
          expect(fewestOpen(request)).to.be.below(request.rounds);
          return;
        }
        expect(fewestOpen(request)).to.be.at.least(request.rounds);
        expect(result.visits).to.have.length(request.walkers.length * request.rounds);
        expect(planProblems(request, result.visits)).to.deep.equal([]);
        const f = facts(request, result.visits);
        for (const [userId, stations] of f.at) {
          const visited = stations.slice(1);
          expect(visited.every((s) => s >= 0 && !f.own(userId, s))).to.equal(true);
          expect(new Set(visited).size).to.equal(request.rounds);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('when a roster is planned, then each round is as even as the exclusions allow and the whole walk leaves no station needlessly short', () => {
    fc.assert(
      fc.property(rosters, (request) => {
        const result = planRotation(request);
        if (!result.ok) return;
        const f = facts(request, result.visits);
        const nobodyAuthors = request.walkers.every((userId) => request.stations.every((station) => !station.authorIds.includes(userId)));
        for (let r = 1; r <= request.rounds; r++) {
          const load = f.load[r] as number[];
          // Round 1 has no earlier visits, so without authors among the walkers every station is open to everyone.
          if (r === 1 && nobodyAuthors) expect(Math.max(...load) - Math.min(...load)).to.be.at.most(1);
          // In general: no chain of moves would take a visitor from a station to one with two or more fewer.
          const reachable = reachableInRound(f, r);
          for (let s = 0; s < f.S; s++) for (const t of reachable[s]!) expect(load[t], `round ${r}: ${s} → ${t}`).to.be.at.least((load[s] as number) - 1);
        }
        // Over the walk: no single visit could move from a station with two or more visitors more to that station
        // while keeping its round as even.
        for (const [userId, stations] of f.at) {
          for (let r = 1; r <= request.rounds; r++) {
            const s = stations[r] as number;
            for (let t = 0; t < f.S; t++) {
              if (stations.includes(t) || f.own(userId, t) || f.load[r]![s]! <= f.load[r]![t]!) continue;
              expect(f.total[s]! - f.total[t]!, `walker ${userId} round ${r}: ${s} → ${t}`).to.be.at.most(1);
            }
          }
        }
        // Hence every presentation whose authors are not walking gets feedback once there are visits enough
        // (were one left out, some station would have two visits and one of them could move to it).
        if (request.walkers.length * request.rounds >= f.S) {
          request.stations.forEach((station, s) => {
            if (!station.authorIds.some((userId) => request.walkers.includes(userId))) expect(f.total[s], `station ${station.id}`).to.be.at.least(1);
          });
        }
      }),
      { numRuns: 60 },
    );
  });

  it('when the stations are at least as many as the walkers, then nobody shares a station in consecutive rounds with the same person', () => {
    // With at most one visitor per station (which the evenness above gives when nobody authors a station: a second
    // visitor could always move to an empty station they have not seen), no pair can meet twice.
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 60 }), fc.integer({ min: 1, max: 60 }), fc.integer(), (stationCount, walkerCount, seed) => {
        const walkers = Array.from({ length: Math.min(walkerCount, stationCount) }, (_, i) => i + 1);
        const stations = Array.from({ length: stationCount }, (_, s) => ({ id: s + 1, authorIds: [500 + s] }));
        const request = { stations, walkers, rounds: Math.min(stationCount, 1 + (seed >>> 0) % 6), seed };
        const result = planRotation(request);
        expect(result.ok).to.equal(true);
        if (result.ok) expect(pairsMetAgain(request, facts(request, result.visits))).to.equal(0);
      }),
      { numRuns: 100 },
    );
  });

  it('when the same roster is planned twice with one seed, then the plans are identical', () => {
    fc.assert(
      fc.property(rosters, (request) => {
        expect(planRotation(request)).to.deep.equal(planRotation(structuredClone(request)));
      }),
      { numRuns: 30 },
    );
  });

  it('when a walker authors 2 of 3 stations, then 2 rounds are refused and 1 round is planned', () => {
    const stations = [{ id: 1, authorIds: [7] }, { id: 2, authorIds: [7, 8] }, { id: 3, authorIds: [] }];
    expect(planRotation({ stations, walkers: [7, 8, 9], rounds: 2 })).to.deep.equal({ ok: false, problem: 'too_few_stations', needed: 2, available: 1 });
    const one = planRotation({ stations, walkers: [7, 8, 9], rounds: 1 });
    expect(one.ok && one.visits.find((visit) => visit.userId === 7)?.stationId).to.equal(3);
  });

  it('when there are no stations, no walkers, or rounds outside 1..stations, then the plan says so', () => {
    const stations = [{ id: 1, authorIds: [] }, { id: 2, authorIds: [] }];
    expect(planRotation({ stations: [], walkers: [1], rounds: 1 })).to.deep.equal({ ok: false, problem: 'no_stations', needed: 1, available: 0 });
    expect(planRotation({ stations, walkers: [], rounds: 1 })).to.deep.equal({ ok: false, problem: 'no_walkers', needed: 1, available: 0 });
    expect(planRotation({ stations, walkers: [1], rounds: 3 })).to.deep.equal({ ok: false, problem: 'rounds_out_of_range', needed: 3, available: 2 });
    expect(planRotation({ stations, walkers: [1], rounds: 0 })).to.deep.equal({ ok: false, problem: 'rounds_out_of_range', needed: 0, available: 2 });
  });

  it('when a newcomer arrives late, then they get one station of others per remaining round, the least visited they may take, and nobody else moves', () => {
    fc.assert(
      fc.property(rosters, fc.integer({ min: 1, max: 60 }), fc.array(fc.boolean(), { maxLength: 60 }), (request, from, authors) => {
        const newcomer = 9999;
        const stations = request.stations.map((station, s) => (authors[s] ? { ...station, authorIds: [...station.authorIds, newcomer] } : station));
        const planned = planRotation({ ...request, stations });
        if (!planned.ok) return;
        const fromRound = 1 + (from % request.rounds);
        const existing = structuredClone(planned.visits);
        const result = placeLateArrival({ ...request, stations }, existing, newcomer, fromRound);
        expect(existing).to.deep.equal(planned.visits);
        const open = stations.filter((station) => !station.authorIds.includes(newcomer));
        if (!result.ok) {
          expect(result).to.deep.equal({ ok: false, problem: 'too_few_stations', needed: request.rounds - fromRound + 1, available: open.length });
          expect(open.length).to.be.below(request.rounds - fromRound + 1);
          return;
        }
        expect(result.visits.map((visit) => visit.round)).to.deep.equal(Array.from({ length: request.rounds - fromRound + 1 }, (_, i) => fromRound + i));
        expect(result.visits.every((visit) => visit.userId === newcomer && open.some((station) => station.id === visit.stationId))).to.equal(true);
        expect(new Set(result.visits.map((visit) => visit.stationId)).size).to.equal(result.visits.length);
        const load = (round: number, stationId: number) => existing.filter((visit) => visit.round === round && visit.stationId === stationId).length;
        result.visits.forEach((visit, i) => {
          const stillFree = open.filter((station) => !result.visits.slice(0, i).some((earlier) => earlier.stationId === station.id));
          for (const station of stillFree) expect(load(visit.round, visit.stationId)).to.be.at.most(load(visit.round, station.id));
        });
        expect(planProblems({ ...request, stations, walkers: [...request.walkers, newcomer] }, [...existing, ...result.visits])).to.deep.equal([]);
      }),
      { numRuns: 60 },
    );
  });

  it('when a newcomer has been to stations before they left, then they do not return to them, and a start outside the walk is refused', () => {
    const stations = [1, 2, 3, 4].map((id) => ({ id, authorIds: [] as number[] }));
    const request = { stations, walkers: [1, 2], rounds: 4 };
    const before = [{ round: 1, userId: 5, stationId: 1 }, { round: 2, userId: 5, stationId: 2 }];
    const result = placeLateArrival(request, before, 5, 3);
    expect(result.ok && result.visits.map((visit) => visit.stationId).sort()).to.deep.equal([3, 4]);
    expect(placeLateArrival(request, [], 5, 5)).to.deep.equal({ ok: false, problem: 'rounds_out_of_range', needed: 5, available: 4 });
  });

  it("when a leader's hand-made plan has an own station, a repeat, an unknown station or a gap, then each is named", () => {
    const request = { stations: [{ id: 1, authorIds: [10] }, { id: 2, authorIds: [] }, { id: 3, authorIds: [] }], walkers: [10, 11, 12], rounds: 2 };
    const visits = [
      { round: 1, userId: 10, stationId: 1 },
      { round: 2, userId: 10, stationId: 2 },
      { round: 1, userId: 11, stationId: 2 },
      { round: 2, userId: 11, stationId: 2 },
      { round: 1, userId: 12, stationId: 99 },
      { round: 2, userId: 13, stationId: 3 },
    ];
    expect(planProblems(request, visits)).to.deep.equal([
      { kind: 'own_station', userId: 10, round: 1 },
      { kind: 'repeat_station', userId: 11, round: 2 },
      { kind: 'unknown_station', userId: 12, round: 1 },
      { kind: 'missing_round', userId: 12, round: 2 },
    ]);
  });
});
