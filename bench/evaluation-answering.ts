/**
 * The end of a meeting: 300 participants answer a 20-question anonymous evaluation on their phones within two
 * minutes, through real HTTP on the PostgreSQL server. Each participant's session is launched beforehand from
 * the test platform; then each opens the form at a random moment of the first minute, fills it in for 20–60
 * seconds, and sends it (many at once, as phones do). Measured: the latency of the sending POST (parse, check,
 * write under the form's lock with the anonymous rows laid down again, the live count), and of opening the form.
 * Target: p99 of sending < 200 ms; exits 1 above it, or when an answer is missing.
 *
 *   tsx bench/evaluation-answering.ts                     the local server (postgresql://natverk:natverk@127.0.0.1:5432/natverk)
 *   BENCH_DATABASE_URL=… tsx bench/evaluation-answering.ts
 *   BENCH_PARTICIPANTS=300 BENCH_SECONDS=120 tsx bench/evaluation-answering.ts
 */
import { networks } from '../models/schema';
import { countSubmittedAnswers } from '../models/evaluations';
import { seedForm, type SeedQuestion } from '../test/support/evaluations';
import { TestPlatform } from '../test/support/platform';
import { launchAs, role, type NetworkMember } from '../test/support/network-member';
import { createServerDatabase, startToolOn } from '../test/support/tool-on-server';
import { registerPlatform } from './platform-registration';
import { benchServerUrl, requireServer, runBenchmark } from './bench-server';
import { seededRandom } from '../lti-tool/services/seeded-random';

const participantCount = Number(process.env.BENCH_PARTICIPANTS ?? 300);
const seconds = Number(process.env.BENCH_SECONDS ?? 120);
const targetP99 = 200;
const adminToken = 'test-admin-token-0123456789';
const launchConcurrency = 8;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Twenty questions as a day evaluation and the annual one have them: mostly scales, some choices, two texts. */
function twentyQuestions(): SeedQuestion[] {
  const questions: SeedQuestion[] = [];
  for (let i = 1; i <= 8; i += 1) questions.push({ kind: 'scale', text: `Påstående ${i} om dagens träff`, lowLabel: 'Instämmer inte', highLabel: 'Instämmer helt', required: i <= 4 });
  for (let i = 1; i <= 4; i += 1) questions.push({ kind: 'single', text: `Vilket moment ${i}?`, options: ['Föreläsning', 'Gallery walk', 'Samtal i grupp', 'Reflektion'] });
  for (let i = 1; i <= 3; i += 1) questions.push({ kind: 'multiple', text: `Vad tar du med dig ${i}?`, options: ['Exit tickets', 'Kollegial återkoppling', 'Loggbok', 'Lektionsbesök', 'Processledning'] });
  for (let i = 1; i <= 3; i += 1) questions.push({ kind: 'yesno', text: `Fråga ja/nej ${i}`, required: i === 1 });
  questions.push({ kind: 'text', text: 'Vad var bäst?' }, { kind: 'text', text: 'Vad kan bli bättre?' });
  return questions;
}

/** One participant's answer: every question, as the form's fields. */
function answerFields(questionIds: Array<{ id: number; kind: string }>, random: () => number): Record<string, string | string[]> {
  const pick = (n: number) => Math.floor(random() * n);
  const fields: Record<string, string | string[]> = {};
  for (const question of questionIds) {
    const name = `q${question.id}`;
    if (question.kind === 'scale') fields[name] = String(1 + pick(5));
    else if (question.kind === 'single') fields[name] = String(pick(4));
    else if (question.kind === 'multiple') fields[name] = [...new Set([pick(5), pick(5)])].map(String);
    else if (question.kind === 'yesno') fields[name] = random() < 0.7 ? 'yes' : 'no';
    else fields[name] = 'Bra samtal i gruppen och tydliga exempel från klassrummet; mer tid för reflektion nästa gång.';
  }
  return fields;
}

async function launchAll(t: Parameters<typeof launchAs>[0]): Promise<NetworkMember[]> {
  const members: NetworkMember[] = new Array(participantCount);
  let next = 0;
  await Promise.all(
    Array.from({ length: launchConcurrency }, async () => {
      while (next < participantCount) {
        const index = next++;
        members[index] = await launchAs(t, `bench-p${index}`, [role('Learner')], { name: `Deltagare ${index}` }, 'sv');
      }
    }),
  );
  return members;
}

async function main(): Promise<void> {
  await requireServer('evaluation answering');
  const database = await createServerDatabase(benchServerUrl);
  const platform = await TestPlatform.start();
  const running = await startToolOn(database.url, { jobs: false, poolSize: 10 });
  try {
    const registration = await registerPlatform(running.tool.url, platform, adminToken);
    const t = { registration, platform };
    await launchAs(t, 'bench-leader', [role('Instructor')]);
    const members = await launchAll(t);
    const { db } = running.database;
    const [network] = await db.select().from(networks);
    const { form, questions } = await seedForm(db, { networkId: network!.id, title: 'Utvärdering av dagen', anonymous: true, closesAt: new Date(Date.now() + 60 * 60_000), questions: twentyQuestions() });
    const path = `/evaluations/${form.id}`;
    // Warm the code paths (not counted) on a form of its own.
    const warm = await seedForm(db, { networkId: network!.id, title: 'Uppvärmning', questions: twentyQuestions() });
    // For comparison, not a target: 30 sends one after another to that form, nothing else going on in the tool.
    const alone: number[] = [];
    for (let index = 0; index < Math.min(30, participantCount); index += 1) {
      const t0 = performance.now();
      const sent = await members[index]!.post(`/evaluations/${warm.form.id}`, { intent: 'submit', version: '0', ...answerFields(warm.questions, seededRandom(index)) });
      if (sent.status !== 303) throw new Error(`warm-up send: ${sent.status}`);
      alone.push(performance.now() - t0);
    }
    alone.sort((a, b) => a - b);

    const random = seededRandom(13);
    const opens: number[] = [];
    const sends: number[] = [];
    const failures: string[] = [];
    let inFlight = 0;
    let peakInFlight = 0;
    const started = performance.now();
    await Promise.all(
      members.map(async (member, index) => {
        const openAt = random() * (seconds / 2) * 1000;
        const thinkMs = (20 + random() * 40) * (seconds / 120) * 1000;
        const fields = answerFields(questions, seededRandom(100 + index));
        await sleep(openAt);
        let t0 = performance.now();
        const page = await member.get(path);
        opens.push(performance.now() - t0);
        if (page.status !== 200) failures.push(`open ${page.status}`);
        await sleep(thinkMs);
        inFlight += 1;
        peakInFlight = Math.max(peakInFlight, inFlight);
        t0 = performance.now();
        const sent = await member.post(path, { intent: 'submit', version: '0', ...fields });
        sends.push(performance.now() - t0);
        inFlight -= 1;
        if (sent.status !== 303) failures.push(`send ${sent.status} ${sent.html.slice(0, 120)}`);
      }),
    );
    const wallSeconds = (performance.now() - started) / 1000;
    const stored = (await countSubmittedAnswers(db, [form.id])).get(form.id) ?? 0;
    sends.sort((a, b) => a - b);
    opens.sort((a, b) => a - b);
    const p99 = percentile(sends, 99);
    process.stdout.write(
      `Evaluation answering: ${participantCount} participants send a ${questions.length}-question anonymous form within ${wallSeconds.toFixed(0)} s on PostgreSQL ` +
        `(at most ${peakInFlight} sends at once; ${stored} answers stored, ${failures.length} failed): ` +
        `send p50 ${percentile(sends, 50).toFixed(1)} ms, p95 ${percentile(sends, 95).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${sends[sends.length - 1]!.toFixed(1)} ms. Target p99 < ${targetP99} ms.\n` +
        `  (opening the form: p50 ${percentile(opens, 50).toFixed(1)} ms, p99 ${percentile(opens, 99).toFixed(1)} ms; a send alone, one after another: p50 ${percentile(alone, 50).toFixed(1)} ms, max ${alone[alone.length - 1]!.toFixed(1)} ms)\n`,
    );
    if (failures.length) process.stdout.write(`  first failures: ${failures.slice(0, 3).join(' | ')}\n`);
    if (p99 >= targetP99 || stored !== participantCount || failures.length > 0) process.exitCode = 1;
  } finally {
    await running.close();
    await platform.close();
    await database.drop();
  }
}

runBenchmark(main);
