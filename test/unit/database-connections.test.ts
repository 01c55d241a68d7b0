import { expect } from 'chai';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase } from '../../lti-tool/db';

describe('PostgreSQL server connections', function () {
  const serverUrl = process.env.TEST_DATABASE_URL;
  before(function () {
    if (!serverUrl) this.skip(); // PGlite has no server connections to lose
  });

  it('when the server ends an idle connection, then the error is reported, the process lives on and the next query works', async () => {
    const lost: Error[] = [];
    const database = await openDatabase({ url: serverUrl!, poolSize: 2, onConnectionError: (error) => lost.push(error) });
    try {
      const [{ pid }] = ((await database.db.execute(sql`select pg_backend_pid() as pid`)) as unknown as { rows: Array<{ pid: number }> }).rows as [{ pid: number }];
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      try {
        await admin.query('select pg_terminate_backend($1)', [pid]);
      } finally {
        await admin.end();
      }
      for (let waited = 0; !lost.length && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(lost, 'the lost connection is reported').to.have.length(1);
      const again = (await database.db.execute(sql`select 1 as one`)) as unknown as { rows: Array<{ one: number }> };
      expect(again.rows[0]!.one).to.equal(1);
    } finally {
      await database.close();
    }
  });
});
