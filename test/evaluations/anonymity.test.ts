import { expect } from 'chai';
import { eq, sql } from 'drizzle-orm';
import { evaluationAnswers, schools } from '../../models/schema';
import { answerKeyOf } from '../../lti-tool/services/evaluations/answer-key';
import type { NetworkMember } from '../support/network-member';
import { startToolUnderTest, type ToolUnderTest } from '../support/tool';
import type { FormRow, QuestionRow } from '../../models/evaluations';
import { completeAnswer, expectStatus, launchNetwork, seedOpenForm, storedAnswer, userIdOf } from './answering-setup';

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

/**
 * Anonymous means anonymous: answers given through the tool, then every join an onlooker with a copy of the
 * database could try, person to answer. Each must come back empty (or the same for everyone).
 */
describe('Evaluations: an anonymous answer cannot be linked to its person', function () {
  this.timeout(180_000);
  let t: ToolUnderTest;
  let leader: NetworkMember;
  let members: NetworkMember[];
  let form: FormRow;
  let questions: QuestionRow[];
  const subs = ['61', '62', '63', '64', '65', '66', '67'];
  const userIds: number[] = [];
  let answerOrder: number[] = [];

  before(async () => {
    t = await startToolUnderTest({ jobs: false });
    ({ leader, members } = await launchNetwork(t, subs.map((sub) => ({ sub }))));
    for (const name of ['Norraskolan', 'Lillskolan']) expectStatus(await leader.post('/schools', { name, municipality: 'Kalmar' }), 303);
    const schoolOf = async (name: string) => String((await t.database.db.select().from(schools).where(eq(schools.name, name)))[0]!.id);
    // Five at Norraskolan (enough to hide among), two at Lillskolan (not).
    for (const [index, member] of members.entries()) expectStatus(await member.post('/my-school', { schoolId: await schoolOf(index < 5 ? 'Norraskolan' : 'Lillskolan') }), 303);
    for (const sub of subs) userIds.push(await userIdOf(t, sub));
    ({ form, questions } = await seedOpenForm(t));
    // They answer in the reverse order of their answer keys, so an order kept by the table would show.
    const keyOf = (userId: number) => answerKeyOf(t.config.dataDir, form.id, userId);
    answerOrder = [...userIds].sort((a, b) => (keyOf(a) < keyOf(b) ? 1 : -1));
    for (const userId of answerOrder) {
      const member = members[userIds.indexOf(userId)]!;
      // A save first, then the answer sent, as on a phone that went on later.
      expectStatus(await member.post(`/evaluations/${form.id}`, { intent: 'save', version: '0', [`q${questions[0]!.id}`]: '3' }), 303);
      expectStatus(await member.post(`/evaluations/${form.id}`, { intent: 'submit', version: '1', ...completeAnswer(questions, { 3: `Text of ${userId}` }) }), 303);
      // Their own pages in between (Start, the form), which write sessions and "last seen".
      await member.get('/');
      await member.get(`/evaluations/${form.id}`);
    }
  });
  after(() => t?.close());

  it('when the answers table is read, then no column names a person or a time: user id and time are empty on every row', async () => {
    const columns = rowsOf<{ column_name: string; data_type: string }>(await t.database.db.execute(sql`select column_name, data_type from information_schema.columns where table_name = 'evaluation_answers'`));
    expect(columns.map((column) => column.column_name).sort()).to.deep.equal(['form_id', 'key', 'school_id', 'submitted', 'submitted_at', 'user_id', 'values', 'version']);
    expect(columns.filter((column) => column.data_type.startsWith('timestamp')).map((column) => column.column_name)).to.deep.equal(['submitted_at']);
    const rows = await t.database.db.select().from(evaluationAnswers).where(eq(evaluationAnswers.formId, form.id));
    expect(rows).to.have.length(subs.length);
    expect(rows.every((row) => row.userId === null && row.submittedAt === null && row.submitted)).to.equal(true);
    // No user id hidden in the values either: they are question ids and answers only.
    for (const row of rows) expect(Object.keys(row.values).map(Number).sort()).to.deep.equal(questions.map((question) => question.id).sort());
  });

  it('when answers are joined to any table that names a person by transaction id (xmin), then nothing links', async () => {
    const personTables = rowsOf<{ table: string; column: string }>(
      await t.database.db.execute(sql`
        select distinct cl.relname as "table", att.attname as "column"
          from pg_constraint con
          join pg_class cl on cl.oid = con.conrelid
          join pg_class ref on ref.oid = con.confrelid
          join pg_attribute att on att.attrelid = con.conrelid and att.attnum = any(con.conkey)
         where con.contype = 'f' and ref.relname = 'users' and cl.relname <> 'evaluation_answers'`),
    );
    const names = personTables.map((row) => row.table);
    for (const table of ['notifications', 'mail_outbox', 'mail_preferences', 'progress_snapshots', 'launch_sessions', 'memberships']) expect(names, table).to.include(table);
    for (const { table, column } of personTables) {
      const linked = rowsOf<{ person: number }>(
        await t.database.db.execute(sql`select t.${sql.identifier(column)} as person from ${sql.identifier(table)} t join evaluation_answers a on a.xmin = t.xmin where a.form_id = ${form.id} and t.${sql.identifier(column)} is not null`),
      );
      expect(linked, `${table}.${column}`).to.deep.equal([]);
    }
  });

  it('when answers are joined to the live events by transaction id, then those events carry a count and nobody', async () => {
    const events = rowsOf<{ kind: string; payload: Record<string, unknown> }>(
      await t.database.db.execute(sql`select e.kind, e.payload from live_events e join evaluation_answers a on a.xmin = e.xmin where a.form_id = ${form.id}`),
    );
    for (const event of events) expect(Object.keys(event.payload)).to.deep.equal(['respondents']);
    const all = rowsOf<{ payload: Record<string, unknown> }>(await t.database.db.execute(sql`select payload from live_events where topic = ${`evaluation:${form.id}`} order by id`));
    expect(all.map((event) => event.payload)).to.deep.equal(answerOrder.map((_, index) => ({ respondents: index + 1 })));
  });

  it('when the rows are read in the table’s own order or by transaction id, then they follow the keys, not the order people answered', async () => {
    const inTable = rowsOf<{ key: string; xmin: string }>(await t.database.db.execute(sql`select key, xmin::text as xmin from evaluation_answers where form_id = ${form.id} order by ctid`));
    const keysInAnswerOrder = answerOrder.map((userId) => answerKeyOf(t.config.dataDir, form.id, userId));
    expect(inTable.map((row) => row.key)).to.deep.equal([...keysInAnswerOrder].sort());
    expect(inTable.map((row) => row.key)).to.not.deep.equal(keysInAnswerOrder);
    expect(new Set(inTable.map((row) => row.xmin)).size, 'one transaction id for all: the last write laid them all down again').to.equal(1);
  });

  it('when a school has fewer participants than the threshold, then its id is not stored on its answers; a big enough school’s is', async () => {
    const [norra, lill] = [(await t.database.db.select().from(schools).where(eq(schools.name, 'Norraskolan')))[0]!.id, (await t.database.db.select().from(schools).where(eq(schools.name, 'Lillskolan')))[0]!.id];
    const stored = await Promise.all(userIds.map((userId) => storedAnswer(t, form.id, userId)));
    expect(stored.slice(0, 5).map((row) => row!.schoolId)).to.deep.equal([norra, norra, norra, norra, norra]);
    expect(stored.slice(5).map((row) => row!.schoolId)).to.deep.equal([null, null]);
    const ids = rowsOf<{ school_id: number | null }>(await t.database.db.execute(sql`select school_id from evaluation_answers where form_id = ${form.id}`)).map((row) => row.school_id);
    expect(ids).to.not.include(lill);
  });

  it('when a named form is answered, then its row names the person, their school and the time', async () => {
    const named = await seedOpenForm(t, { anonymous: false, title: 'Named form' });
    expectStatus(await members[6]!.post(`/evaluations/${named.form.id}`, { intent: 'submit', version: '0', ...completeAnswer(named.questions) }), 303);
    const row = await storedAnswer(t, named.form.id, userIds[6]!);
    expect(row!.userId).to.equal(userIds[6]);
    expect(row!.schoolId, 'a named answer keeps its school').to.equal((await t.database.db.select().from(schools).where(eq(schools.name, 'Lillskolan')))[0]!.id);
    expect(row!.submittedAt).to.be.instanceOf(Date);
  });
});
