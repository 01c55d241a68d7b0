// Times the gallery walk's rotation plan at the largest size we expect: 300 walkers, 60 stations (groups of authors,
// some absent), 5 rounds. Run: `npx tsx bench/rotation.ts`.
import { planRotation, type RotationStation } from '../lti-tool/services/gallery/rotation';

const walkers = Array.from({ length: 300 }, (_, i) => i + 1);
// Stations 1..60, each with a group of up to three authors; some authors (ids above 300) are absent from the walk.
const stations: RotationStation[] = Array.from({ length: 60 }, (_, s) => ({ id: 1000 + s, authorIds: [s * 5 + 1, s * 5 + 2, s % 7 === 0 ? 400 + s : s * 5 + 3] }));

const runs = 20;
planRotation({ stations, walkers, rounds: 5, seed: 0 }); // warm up the JIT
const times: number[] = [];
for (let seed = 1; seed <= runs; seed++) {
  const started = process.hrtime.bigint();
  const result = planRotation({ stations, walkers, rounds: 5, seed });
  times.push(Number(process.hrtime.bigint() - started) / 1e6);
  if (!result.ok) throw new Error(`plan refused: ${result.problem}`);
}
times.sort((a, b) => a - b);
const at = (q: number) => (times[Math.min(times.length - 1, Math.floor(q * times.length))] as number).toFixed(1);
process.stdout.write(`rotation plan, 300 walkers × 60 stations × 5 rounds, ${runs} seeds: median ${at(0.5)} ms, max ${at(1)} ms\n`);
