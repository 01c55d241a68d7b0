// Stand-in for Helper A's rotation planner: same signatures, a simple cyclic rotation. Dropped at merge.
export interface RotationStation {
  id: number;
  authorIds: readonly number[];
}
export interface RotationRequest {
  stations: readonly RotationStation[];
  walkers: readonly number[];
  rounds: number;
  seed?: number;
}
export interface Visit {
  round: number;
  userId: number;
  stationId: number;
}
export type RotationProblem = 'no_stations' | 'no_walkers' | 'rounds_out_of_range' | 'too_few_stations';
export type RotationResult = { ok: true; visits: Visit[] } | { ok: false; problem: RotationProblem; needed: number; available: number };

const ownsStation = (station: RotationStation, userId: number) => station.authorIds.includes(userId);

function check(request: RotationRequest): RotationResult | null {
  if (!request.stations.length) return { ok: false, problem: 'no_stations', needed: 1, available: 0 };
  if (!request.walkers.length) return { ok: false, problem: 'no_walkers', needed: 1, available: 0 };
  if (request.rounds < 1) return { ok: false, problem: 'rounds_out_of_range', needed: 1, available: request.rounds };
  for (const walker of request.walkers) {
    const available = request.stations.filter((station) => !ownsStation(station, walker)).length;
    if (available < request.rounds) return { ok: false, problem: 'too_few_stations', needed: request.rounds, available };
  }
  return null;
}

function visitsFor(request: RotationRequest, userId: number, offset: number, fromRound: number, taken: Set<number>): Visit[] {
  const candidates = request.stations.filter((station) => !ownsStation(station, userId) && !taken.has(station.id));
  const visits: Visit[] = [];
  for (let round = fromRound; round <= request.rounds; round++) {
    const station = candidates[(offset + round - fromRound) % candidates.length]!;
    visits.push({ round, userId, stationId: station.id });
  }
  return visits;
}

export function planRotation(request: RotationRequest): RotationResult {
  const problem = check(request);
  if (problem) return problem;
  const visits = request.walkers.flatMap((userId, index) => visitsFor(request, userId, index + (request.seed ?? 0), 1, new Set()));
  return { ok: true, visits };
}

export function placeLateArrival(request: RotationRequest, existing: readonly Visit[], userId: number, fromRound: number): RotationResult {
  const problem = check({ ...request, walkers: [userId] });
  if (problem) return problem;
  const taken = new Set(existing.filter((visit) => visit.userId === userId && visit.round < fromRound).map((visit) => visit.stationId));
  return { ok: true, visits: visitsFor(request, userId, existing.length, fromRound, taken) };
}

export function planProblems(
  request: RotationRequest,
  visits: readonly Visit[],
): Array<{ kind: 'own_station' | 'repeat_station' | 'missing_round' | 'unknown_station'; userId: number; round: number }> {
  const stations = new Map(request.stations.map((station) => [station.id, station]));
  const problems: Array<{ kind: 'own_station' | 'repeat_station' | 'missing_round' | 'unknown_station'; userId: number; round: number }> = [];
  const seen = new Map<number, Set<number>>();
  for (const visit of visits) {
    const station = stations.get(visit.stationId);
    if (!station) problems.push({ kind: 'unknown_station', userId: visit.userId, round: visit.round });
    else if (ownsStation(station, visit.userId)) problems.push({ kind: 'own_station', userId: visit.userId, round: visit.round });
    const mine = seen.get(visit.userId) ?? new Set<number>();
    if (mine.has(visit.stationId)) problems.push({ kind: 'repeat_station', userId: visit.userId, round: visit.round });
    mine.add(visit.stationId);
    seen.set(visit.userId, mine);
  }
  return problems;
}
