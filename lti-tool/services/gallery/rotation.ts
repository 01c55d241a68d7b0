import { seededRandom, shuffled } from '../seeded-random';
/**
 * The rotation plan of a gallery walk: who visits which station in which round. Pure: the same request and seed give
 * the same plan, so a plan can be made again (or checked) from what is stored.
 *
 * Each round is an optimal "semi-matching" of walkers to the stations they may still visit (not their own, not one
 * they visit in another round): walkers are inserted one at a time along a path of moves to the least-loaded station
 * they can reach (Harvey, Ladner, Lovász & Tamir, "Semi-matchings for bipartite graphs and load balancing", 2006).
 * That leaves no chain of moves that would take a visitor from a station with L visitors to one with L − 2 or fewer,
 * which is exactly "loads differ by at most one where own-station exclusions allow". Ties go first to stations where
 * fewer of the walker's companions of the previous round already stand (mixing), then to stations with fewer visitors
 * so far (coverage). A last pass moves single visits from stations that get two or more visitors more over the whole
 * walk than another to that one, without unbalancing the round, so that no presentation is left without feedback when
 * it can be avoided.
 */

export interface RotationStation { id: number; authorIds: readonly number[] }
export interface RotationRequest { stations: readonly RotationStation[]; walkers: readonly number[]; rounds: number; seed?: number }
/** Rounds are 1-based. */
export interface Visit { round: number; userId: number; stationId: number }
export type RotationProblem = 'no_stations' | 'no_walkers' | 'rounds_out_of_range' | 'too_few_stations';
export type RotationResult = { ok: true; visits: Visit[] } | { ok: false; problem: RotationProblem; needed: number; available: number };
export type PlanProblem = { kind: 'own_station' | 'repeat_station' | 'missing_round' | 'unknown_station'; userId: number; round: number };

type Refusal = Extract<RotationResult, { ok: false }>;

/** How many stations each walker may visit at all (every station but those they author). */
function allowedCount(stations: readonly RotationStation[], userId: number): number {
  return stations.filter((station) => !station.authorIds.includes(userId)).length;
}

function refuseRequest(stations: readonly RotationStation[], walkers: readonly number[], rounds: number): Refusal | null {
  if (stations.length === 0) return { ok: false, problem: 'no_stations', needed: 1, available: 0 };
  if (walkers.length === 0) return { ok: false, problem: 'no_walkers', needed: 1, available: 0 };
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > stations.length) {
    return { ok: false, problem: 'rounds_out_of_range', needed: rounds, available: stations.length };
  }
  // Stations have no capacity, so the plan is possible exactly when every walker has enough stations of others.
  const available = Math.min(...walkers.map((userId) => allowedCount(stations, userId)));
  return available < rounds ? { ok: false, problem: 'too_few_stations', needed: rounds, available } : null;
}

function add(counts: Int32Array, i: number, by: number): void {
  counts[i] = (counts[i] as number) + by;
}

/** The working state of one plan; stations and walkers are indexes here, ids only at the edges. */
class Plan {
  readonly S: number;
  readonly own: Uint8Array; // w*S + s: walker w authors station s
  readonly visited: Uint8Array; // w*S + s: walker w is at s in some round
  readonly at: Int32Array; // (r-1)*W + w: station of walker w in round r, or -1
  readonly load: Int32Array; // (r-1)*S + s: visitors of station s in round r
  readonly total: Int32Array; // s: visitors of station s over the walk
  readonly members: number[][]; // (r-1)*S + s: walkers at station s in round r

  constructor(readonly stations: readonly RotationStation[], readonly walkers: readonly number[], readonly rounds: number) {
    const S = (this.S = stations.length);
    const W = walkers.length;
    this.own = new Uint8Array(W * S);
    walkers.forEach((userId, w) => stations.forEach((station, s) => { if (station.authorIds.includes(userId)) this.own[w * S + s] = 1; }));
    this.visited = new Uint8Array(W * S);
    this.at = new Int32Array(rounds * W).fill(-1);
    this.load = new Int32Array(rounds * S);
    this.total = new Int32Array(S);
    this.members = Array.from({ length: rounds * S }, () => []);
  }

  may(w: number, s: number): boolean {
    return this.own[w * this.S + s] === 0 && this.visited[w * this.S + s] === 0;
  }

  put(r: number, w: number, s: number): void {
    const W = this.walkers.length;
    const from = this.at[(r - 1) * W + w] as number;
    if (from >= 0) {
      const list = this.members[(r - 1) * this.S + from] as number[];
      list.splice(list.indexOf(w), 1);
      add(this.load, (r - 1) * this.S + from, -1);
      add(this.total, from, -1);
      this.visited[w * this.S + from] = 0;
    }
    this.at[(r - 1) * W + w] = s;
    (this.members[(r - 1) * this.S + s] as number[]).push(w);
    add(this.load, (r - 1) * this.S + s, 1);
    add(this.total, s, 1);
    this.visited[w * this.S + s] = 1;
  }

  loadOf(r: number, s: number): number {
    return this.load[(r - 1) * this.S + s] as number;
  }

  /**
   * Breadth-first over the moves of round r: from a station, any walker there may move to a station they may visit.
   * Returns how each station was reached (or -2 when not) and the least-loaded station reached.
   */
  search(r: number, roots: readonly number[], floor: number): { via: Int32Array; parent: Int32Array; best: number } {
    const via = new Int32Array(this.S).fill(-2);
    const parent = new Int32Array(this.S).fill(-1);
    const queue = [...roots];
    for (const s of roots) via[s] = -1;
    let best = roots[0] as number;
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head] as number;
      if (this.loadOf(r, s) < this.loadOf(r, best)) best = s;
      if (this.loadOf(r, best) <= floor) break;
      for (const x of this.members[(r - 1) * this.S + s] as number[]) {
        for (let t = 0; t < this.S; t++) {
          if (via[t] !== -2 || !this.may(x, t)) continue;
          via[t] = x;
          parent[t] = s;
          queue.push(t);
        }
      }
    }
    return { via, parent, best };
  }

  /** Moves each walker on the path one station on, back from its end; returns the root the path started from. */
  shift(r: number, via: Int32Array, parent: Int32Array, end: number): number {
    let s = end;
    while ((via[s] as number) >= 0) {
      this.put(r, via[s] as number, s);
      s = parent[s] as number;
    }
    return s;
  }

  minLoad(r: number): number {
    return Math.min(...this.load.subarray((r - 1) * this.S, r * this.S));
  }
}

/**
 * Places walker w in round r: directly at the best station it may visit, or along a path to a less-loaded one.
 * Returns whether others were moved on the way.
 */
function placeWalker(plan: Plan, r: number, w: number, together: Int32Array, previous: number, rank: readonly number[]): boolean {
  const S = plan.S;
  const options: number[] = [];
  for (let s = 0; s < S; s++) if (plan.may(w, s)) options.push(s);
  const key = (s: number) => [plan.loadOf(r, s), previous >= 0 ? (together[s * S + previous] as number) : 0, plan.total[s] as number, rank[s] as number];
  const direct = options.reduce((a, b) => (compareKeys(key(b), key(a)) < 0 ? b : a));
  const floor = plan.minLoad(r);
  if (plan.loadOf(r, direct) > floor) {
    const { via, parent, best } = plan.search(r, options, floor);
    if (plan.loadOf(r, best) < plan.loadOf(r, direct)) {
      plan.put(r, w, plan.shift(r, via, parent, best));
      return true;
    }
  }
  plan.put(r, w, direct);
  if (previous >= 0) add(together, direct * S + previous, 1);
  return false;
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
}

/** Round r's walkers, one from each of last round's stations in turn, so that companions are placed apart. */
function roundOrder(plan: Plan, r: number, random: () => number): number[] {
  const W = plan.walkers.length;
  if (r === 1) return shuffled([...Array(W).keys()], random);
  const groups = shuffled([...Array(plan.S).keys()], random).map((s) => shuffled(plan.members[(r - 2) * plan.S + s] as number[], random));
  const order: number[] = [];
  for (let i = 0; order.length < W; i++) for (const group of groups) if (i < group.length) order.push(group[i] as number);
  return order;
}

function planRound(plan: Plan, r: number, random: () => number): void {
  const S = plan.S;
  const W = plan.walkers.length;
  const rank = shuffled([...Array(S).keys()], random);
  const together = new Int32Array(S * S); // s*S + g: walkers now at s who were at g last round
  for (const w of roundOrder(plan, r, random)) {
    const previous = r > 1 ? (plan.at[(r - 2) * W + w] as number) : -1;
    if (placeWalker(plan, r, w, together, previous, rank)) recountTogether(plan, r, together);
  }
}

function recountTogether(plan: Plan, r: number, together: Int32Array): void {
  if (r === 1) return;
  const W = plan.walkers.length;
  together.fill(0);
  for (let w = 0; w < W; w++) {
    const s = plan.at[(r - 1) * W + w] as number;
    if (s >= 0) add(together, s * plan.S + (plan.at[(r - 2) * W + w] as number), 1);
  }
}

/** Removes every chain of moves in round r that would take a visitor from a station to one with two fewer. */
function balanceRound(plan: Plan, r: number): boolean {
  let changed = false;
  for (let again = true; again; ) {
    again = false;
    for (let s = 0; s < plan.S; s++) {
      const { via, parent, best } = plan.search(r, [s], plan.loadOf(r, s) - 2);
      if (plan.loadOf(r, best) > plan.loadOf(r, s) - 2) continue;
      plan.shift(r, via, parent, best);
      again = changed = true;
    }
  }
  return changed;
}

/** One visit moved from a station with two or more visitors more over the walk, keeping the round as even. */
function balanceTotals(plan: Plan): boolean {
  const W = plan.walkers.length;
  for (let r = 1; r <= plan.rounds; r++) {
    for (let w = 0; w < W; w++) {
      const s = plan.at[(r - 1) * W + w] as number;
      for (let t = 0; t < plan.S; t++) {
        if (!plan.may(w, t) || plan.loadOf(r, s) <= plan.loadOf(r, t) || (plan.total[s] as number) < (plan.total[t] as number) + 2) continue;
        plan.put(r, w, t);
        return true;
      }
    }
  }
  return false;
}

/** Evens out the whole walk; a moved visit frees a station in its round, so the rounds are checked again after. */
function balanceWalk(plan: Plan): void {
  let moved = false;
  while (balanceTotals(plan)) moved = true;
  while (moved) {
    moved = false;
    for (let r = 1; r <= plan.rounds; r++) if (balanceRound(plan, r)) moved = true;
    while (balanceTotals(plan)) moved = true;
  }
}

function visitsOf(plan: Plan, fromRound = 1): Visit[] {
  const W = plan.walkers.length;
  const visits: Visit[] = [];
  for (let r = fromRound; r <= plan.rounds; r++) {
    for (let w = 0; w < W; w++) {
      const s = plan.at[(r - 1) * W + w] as number;
      if (s >= 0) visits.push({ round: r, userId: plan.walkers[w] as number, stationId: (plan.stations[s] as RotationStation).id });
    }
  }
  return visits;
}

/** Makes the plan for the walkers present, or says plainly why it cannot (e.g. a walker authors too many stations). */
export function planRotation(request: RotationRequest): RotationResult {
  const walkers = [...new Set(request.walkers)];
  const refusal = refuseRequest(request.stations, walkers, request.rounds);
  if (refusal) return refusal;
  const random = seededRandom(request.seed ?? 1);
  const plan = new Plan(request.stations, walkers, request.rounds);
  for (let r = 1; r <= request.rounds; r++) planRound(plan, r, random);
  balanceWalk(plan);
  return { ok: true, visits: visitsOf(plan) };
}

/**
 * Places one newcomer into a running plan from round fromRound on, leaving every existing visit as it is: in each
 * round the least-visited station they may visit (not their own, not one they visited before they left or joined).
 * Returns the newcomer's visits only.
 */
export function placeLateArrival(request: RotationRequest, existing: readonly Visit[], userId: number, fromRound: number): RotationResult {
  const { stations, rounds } = request;
  if (stations.length === 0) return { ok: false, problem: 'no_stations', needed: 1, available: 0 };
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > stations.length) return { ok: false, problem: 'rounds_out_of_range', needed: rounds, available: stations.length };
  if (!Number.isInteger(fromRound) || fromRound < 1 || fromRound > rounds) return { ok: false, problem: 'rounds_out_of_range', needed: fromRound, available: rounds };
  const others = existing.filter((visit) => visit.userId !== userId);
  const before = new Set(existing.filter((visit) => visit.userId === userId && visit.round < fromRound).map((visit) => visit.stationId));
  const open = stations.filter((station) => !station.authorIds.includes(userId) && !before.has(station.id));
  const needed = rounds - fromRound + 1;
  if (open.length < needed) return { ok: false, problem: 'too_few_stations', needed, available: open.length };
  const count = (round: number | null, stationId: number) => others.filter((visit) => visit.stationId === stationId && (round === null || visit.round === round)).length;
  const rank = new Map(shuffled(open, seededRandom((request.seed ?? 1) ^ userId)).map((station, i) => [station.id, i]));
  const visits: Visit[] = [];
  for (let round = fromRound; round <= rounds; round++) {
    const free = open.filter((station) => !visits.some((visit) => visit.stationId === station.id));
    const key = (station: RotationStation) => [count(round, station.id), count(null, station.id), rank.get(station.id) as number];
    const best = free.reduce((a, b) => (compareKeys(key(b), key(a)) < 0 ? b : a));
    visits.push({ round, userId, stationId: best.id });
  }
  return { ok: true, visits };
}

/** What is wrong with a plan, e.g. after a leader's move by hand: own stations, repeats, unknown stations and gaps. */
export function planProblems(request: RotationRequest, visits: readonly Visit[]): PlanProblem[] {
  const stations = new Map(request.stations.map((station) => [station.id, station]));
  const byUser = new Map<number, Visit[]>(request.walkers.map((userId) => [userId, []]));
  for (const visit of visits) byUser.set(visit.userId, [...(byUser.get(visit.userId) ?? []), visit]);
  const problems: PlanProblem[] = [];
  for (const [userId, mine] of byUser) {
    const seen = new Set<number>();
    for (const { round, stationId } of [...mine].sort((a, b) => a.round - b.round)) {
      const station = stations.get(stationId);
      if (!station) problems.push({ kind: 'unknown_station', userId, round });
      else if (station.authorIds.includes(userId)) problems.push({ kind: 'own_station', userId, round });
      if (seen.has(stationId)) problems.push({ kind: 'repeat_station', userId, round });
      seen.add(stationId);
    }
    // A late arrival's plan starts at their first visit; everyone else's at round 1.
    const first = mine.length === 0 ? 1 : Math.min(...mine.map((visit) => visit.round));
    for (let round = first; round <= request.rounds; round++) {
      if (!mine.some((visit) => visit.round === round)) problems.push({ kind: 'missing_round', userId, round });
    }
  }
  return problems;
}
