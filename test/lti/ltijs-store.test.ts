import { createRequire } from 'node:module';
import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import type { Database } from '../../lti-tool/db';
import { createLtijsStore, type LtijsDoc, type LtijsStore } from '../../lti-tool/lti/ltijs-store';
import { ltijsItems } from '../../models/schema';
import { createTestDatabase } from '../support/database';

// ltijs ships CommonJS without types; its static helpers take the Database plugin as an argument, so
// they drive our store without touching the process-wide Provider singleton.
const require = createRequire(import.meta.url);
const Auth = require('ltijs/dist/Utils/Auth') as {
  generatePlatformKeyPair(key: string, db: LtijsStore, platformUrl: string, clientId: string): Promise<string>;
};
const Keyset = require('ltijs/dist/Utils/Keyset') as {
  build(db: LtijsStore, key: string): Promise<{ keys: Array<{ kid: string; kty: string; alg: string; use: string; n: string }> }>;
};

const KEY = 'test-encryption-key';
const platformUrl = 'https://moodle.example.org';
const clientId = 'client-1';

const platformDoc = (overrides: LtijsDoc = {}): LtijsDoc => ({
  platformName: 'Moodle',
  platformUrl,
  clientId,
  authEndpoint: `${platformUrl}/mod/lti/auth.php`,
  accesstokenEndpoint: `${platformUrl}/mod/lti/token.php`,
  kid: 'kid-1',
  authConfig: { method: 'JWK_SET', key: `${platformUrl}/mod/lti/certs.php` },
  ...overrides,
});

describe('ltijs store (PostgreSQL)', () => {
  let database: Database;
  let clock: Date;
  let store: LtijsStore;

  const advance = (seconds: number) => {
    clock = new Date(clock.getTime() + seconds * 1000);
  };
  const rawRows = (collection: string) =>
    database.db.select().from(ltijsItems).where(eq(ltijsItems.collection, collection));

  before(async () => {
    database = await createTestDatabase();
  });

  after(async () => {
    await database.close();
  });

  beforeEach(async () => {
    await database.db.delete(ltijsItems);
    clock = new Date('2030-01-01T12:00:00Z');
    store = createLtijsStore(database.db, { now: () => clock, purgeIntervalMs: 3_600_000, nonceByInsertOnly: false });
    await store.setup();
  });

  afterEach(async () => {
    await store.Close();
  });

  describe('round trips', () => {
    it('when each plain collection kind is stored, then Get by its query returns the document', async () => {
      await store.Replace(false, 'platform', { platformUrl, clientId }, platformDoc());
      await store.Insert(false, 'platformStatus', { id: 'kid-1', active: true });
      const idtoken = { iss: platformUrl, user: 'u1', clientId, deploymentId: '1', userInfo: { name: 'Ann' } };
      await store.Replace(false, 'idtoken', { iss: platformUrl, clientId, deploymentId: '1', user: 'u1' }, idtoken);
      const contexttoken = { contextId: 'ctx', user: 'u1', roles: ['Learner'], context: { id: '42' } };
      await store.Replace(false, 'contexttoken', { contextId: 'ctx', user: 'u1' }, contexttoken);
      await store.Insert(false, 'nonce', { nonce: 'n1' });
      await store.Insert(false, 'state', { state: 's1', query: { a: '1' } });

      expect(await store.Get(false, 'platform', { platformUrl, clientId })).to.deep.equal([platformDoc()]);
      expect(await store.Get(false, 'platform', { kid: 'kid-1' })).to.deep.equal([platformDoc()]);
      expect(await store.Get(false, 'platformStatus', { id: 'kid-1' })).to.deep.equal([{ id: 'kid-1', active: true }]);
      const query = { iss: platformUrl, clientId, deploymentId: '1', user: 'u1' };
      expect(await store.Get(false, 'idtoken', query)).to.deep.equal([{ ...idtoken, createdAt: clock }]);
      const context = await store.Get(false, 'contexttoken', { contextId: 'ctx', user: 'u1' });
      expect(context).to.deep.equal([{ ...contexttoken, createdAt: clock }]);
      expect(await store.Get(false, 'nonce', { nonce: 'n1' })).to.deep.equal([{ nonce: 'n1', createdAt: clock }]);
      expect(await store.Get(false, 'state', { state: 's1' })).to.deep.equal([
        { state: 's1', query: { a: '1' }, createdAt: clock },
      ]);
    });

    it('when nothing matches, then Get returns false', async () => {
      expect(await store.Get(false, 'platform', { platformUrl, clientId })).to.equal(false);
      expect(await store.Get(false, 'nonce')).to.equal(false);
    });

    it('when encrypted items are stored, then they round trip and the row holds only the index and ciphertext', async () => {
      const index = { kid: 'kid-1', platformUrl, clientId };
      await store.Replace(KEY, 'publickey', { platformUrl, clientId }, { key: 'PUBLIC PEM', kid: 'kid-1' }, index);
      await store.Replace(KEY, 'privatekey', { platformUrl, clientId }, { key: 'PRIVATE PEM', kid: 'kid-1' }, index);
      const tokenIndex = { platformUrl, clientId, scopes: 'scope-a' };
      await store.Replace(KEY, 'accesstoken', tokenIndex, { token: { access_token: 'secret-token', expires_in: 3600 } }, tokenIndex);

      expect(await store.Get(KEY, 'publickey', { kid: 'kid-1' })).to.deep.equal([{ key: 'PUBLIC PEM', kid: 'kid-1' }]);
      expect(await store.Get(KEY, 'privatekey', { kid: 'kid-1' })).to.deep.equal([{ key: 'PRIVATE PEM', kid: 'kid-1' }]);
      expect(await store.Get(KEY, 'accesstoken', tokenIndex)).to.deep.equal([
        { token: { access_token: 'secret-token', expires_in: 3600 }, createdAt: clock.getTime() },
      ]);

      const [privateRow] = await rawRows('privatekey');
      expect(privateRow?.doc).to.have.all.keys('kid', 'platformUrl', 'clientId', 'iv', 'data');
      expect(JSON.stringify(privateRow?.doc)).not.to.include('PRIVATE PEM');
      const [tokenRow] = await rawRows('accesstoken');
      expect(JSON.stringify(tokenRow?.doc)).not.to.include('secret-token');
      // ltijs looks a key id up without the encryption key and gets the stored index back.
      expect(await store.Get(false, 'publickey', { kid: 'kid-1' })).to.have.lengthOf(1);
    });

    it('when data is encrypted by ltijs, then the store decrypts it, and the other way round', async () => {
      const LtijsDatabase = require('ltijs/dist/Utils/Database') as new (config: { url: string }) => {
        Encrypt(data: string, secret: string): Promise<{ iv: string; data: string }>;
        Decrypt(data: string, iv: string, secret: string): Promise<string>;
      };
      const ltijsDb = new LtijsDatabase({ url: 'mongodb://localhost/unused' });
      const fromLtijs = await ltijsDb.Encrypt('{"a":1}', KEY);
      expect(await store.Decrypt(fromLtijs.data, fromLtijs.iv, KEY)).to.equal('{"a":1}');
      const fromStore = await store.Encrypt('{"b":2}', KEY);
      expect(await ltijsDb.Decrypt(fromStore.data, fromStore.iv, KEY)).to.equal('{"b":2}');
    });
  });

  describe('Replace', () => {
    it('when the same query is replaced twice, then one row holds the latest content and time', async () => {
      const query = { contextId: 'ctx', user: 'u1' };
      await store.Replace(false, 'contexttoken', query, { ...query, path: '/first' });
      advance(5);
      await store.Replace(false, 'contexttoken', query, { ...query, path: '/second' });

      expect(await rawRows('contexttoken')).to.have.lengthOf(1);
      expect(await store.Get(false, 'contexttoken', query)).to.deep.equal([{ ...query, path: '/second', createdAt: clock }]);
    });

    it('when an access token is replaced later, then its createdAt is the later time (ltijs reuses it by age)', async () => {
      const index = { platformUrl, clientId, scopes: 's' };
      await store.Replace(KEY, 'accesstoken', index, { token: { expires_in: 3600 } }, index);
      advance(1800);
      await store.Replace(KEY, 'accesstoken', index, { token: { expires_in: 3600 } }, index);
      const [token] = (await store.Get(KEY, 'accesstoken', index)) || [];
      expect(token?.createdAt).to.equal(clock.getTime());
    });

    it('when ten Replaces of the same key run at once, then one row is left', async () => {
      const query = { iss: platformUrl, clientId, deploymentId: '1', user: 'u1' };
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.Replace(false, 'idtoken', query, { ...query, userInfo: { n: i } })),
      );
      expect(await rawRows('idtoken')).to.have.lengthOf(1);
    });

    it('when a status inserted by dynamic registration is replaced, then it stays one row', async () => {
      await store.Insert(false, 'platformStatus', { id: 'kid-1', active: false });
      await store.Replace(false, 'platformStatus', { id: 'kid-1' }, { id: 'kid-1', active: true });
      expect(await store.Get(false, 'platformStatus', { id: 'kid-1' })).to.deep.equal([{ id: 'kid-1', active: true }]);
    });
  });

  describe('Get', () => {
    it('when a query matches several documents, then all come back in insertion order', async () => {
      await store.Replace(false, 'platform', { platformUrl, clientId: 'a' }, platformDoc({ clientId: 'a', kid: 'k-a' }));
      await store.Replace(false, 'platform', { platformUrl, clientId: 'b' }, platformDoc({ clientId: 'b', kid: 'k-b' }));
      await store.Replace(false, 'platform', { platformUrl: 'https://other.example', clientId: 'a' }, platformDoc({ platformUrl: 'https://other.example', clientId: 'a', kid: 'k-o' }));

      const found = await store.Get(false, 'platform', { platformUrl });
      expect(found && found.map((p) => p.kid)).to.deep.equal(['k-a', 'k-b']);
      expect(await store.Get(false, 'platform')).to.have.lengthOf(3);
    });

    it('when a query value is undefined, then it matches only documents without that field, as in mongo', async () => {
      await store.Replace(false, 'platform', { platformUrl, clientId }, platformDoc());
      expect(await store.Get(false, 'platform', { kid: undefined })).to.equal(false);
      await store.Delete('platform', { kid: undefined });
      expect(await store.Get(false, 'platform')).to.have.lengthOf(1);
    });
  });

  describe('Modify', () => {
    it('when a plain item is modified, then the given fields are set and the others kept', async () => {
      await store.Replace(false, 'platform', { platformUrl, clientId }, platformDoc());
      await store.Modify(false, 'platform', { platformUrl, clientId }, { platformName: 'Renamed', authorizationServer: undefined });
      expect(await store.Get(false, 'platform', { kid: 'kid-1' })).to.deep.equal([platformDoc({ platformName: 'Renamed' })]);
    });

    it('when a context token is modified, then its expiry starts again', async () => {
      const query = { contextId: 'ctx', user: 'u1' };
      await store.Replace(false, 'contexttoken', query, { ...query, path: '/' });
      advance(20 * 3600);
      await store.Modify(false, 'contexttoken', query, { path: '/new' });
      advance(20 * 3600);
      const found = await store.Get(false, 'contexttoken', query);
      expect(found && found[0]?.path).to.equal('/new');
    });

    it('when an encrypted item is modified, then its first field changes and it stays encrypted', async () => {
      const index = { platformUrl, clientId, scopes: 's' };
      await store.Replace(KEY, 'accesstoken', index, { token: { access_token: 'old' }, note: 'kept' }, index);
      await store.Modify(KEY, 'accesstoken', index, { token: { access_token: 'new' }, note: 'ignored' });
      const found = await store.Get(KEY, 'accesstoken', index);
      expect(found && found[0]).to.deep.include({ token: { access_token: 'new' }, note: 'kept' });
      const [row] = await rawRows('accesstoken');
      expect(JSON.stringify(row?.doc)).not.to.include('new');
      expect(row?.doc).to.include(index);
    });

    it('when a platform moves to a new url, then a new platform registered at the old url gets its own key row', async () => {
      const index = { kid: 'kid-1', platformUrl, clientId };
      await store.Replace(KEY, 'publickey', { platformUrl, clientId }, { key: 'PEM 1', kid: 'kid-1' }, index);
      await store.Modify(false, 'publickey', { kid: 'kid-1' }, { platformUrl: 'https://moved.example', clientId });
      await store.Replace(KEY, 'publickey', { platformUrl, clientId }, { key: 'PEM 2', kid: 'kid-2' }, { ...index, kid: 'kid-2' });

      expect(await store.Get(KEY, 'publickey', { kid: 'kid-1' })).to.deep.equal([{ key: 'PEM 1', kid: 'kid-1' }]);
      expect(await store.Get(false, 'publickey', { platformUrl: 'https://moved.example', clientId })).to.have.lengthOf(1);
      expect(await store.Get(KEY, 'publickey', { platformUrl, clientId })).to.deep.equal([{ key: 'PEM 2', kid: 'kid-2' }]);
    });
  });

  describe('Delete', () => {
    it('when items are deleted by a query, then only those are gone', async () => {
      await store.Insert(false, 'state', { state: 's1', query: {} });
      await store.Insert(false, 'state', { state: 's2', query: {} });
      await store.Delete('state', { state: 's1' });
      expect(await store.Get(false, 'state', { state: 's1' })).to.equal(false);
      expect(await store.Get(false, 'state', { state: 's2' })).to.have.lengthOf(1);
    });
  });

  describe('expiry', () => {
    it('when a nonce is older than 10 s, then Get no longer finds it and it may be stored again', async () => {
      await store.Insert(false, 'nonce', { nonce: 'n1' });
      advance(9);
      expect(await store.Get(false, 'nonce', { nonce: 'n1' })).to.have.lengthOf(1);
      advance(2);
      expect(await store.Get(false, 'nonce', { nonce: 'n1' })).to.equal(false);
      await store.Insert(false, 'nonce', { nonce: 'n1' });
      expect(await store.Get(false, 'nonce', { nonce: 'n1' })).to.have.lengthOf(1);
    });

    it('when nonces are checked by insert only (as the tool runs), then Get does not look and a replayed Insert still fails', async () => {
      const launchStore = createLtijsStore(database.db, { now: () => clock, purgeIntervalMs: 3_600_000 });
      await launchStore.Insert(false, 'nonce', { nonce: 'n-launch' });
      expect(await launchStore.Get(false, 'nonce', { nonce: 'n-launch' })).to.equal(false);
      let failure: unknown;
      await launchStore.Insert(false, 'nonce', { nonce: 'n-launch' }).catch((error: unknown) => (failure = error));
      expect(failure).to.be.instanceOf(Error);
    });

    it('when a live nonce is inserted again, then the insert fails like a replay', async () => {
      await store.Insert(false, 'nonce', { nonce: 'n1' });
      let failure: unknown;
      await store.Insert(false, 'nonce', { nonce: 'n1' }).catch((error: unknown) => (failure = error));
      expect(failure).to.be.instanceOf(Error).with.property('code', 11000);
    });

    it('when a state is older than 600 s, then Get no longer finds it', async () => {
      await store.Insert(false, 'state', { state: 's1', query: {} });
      advance(599);
      expect(await store.Get(false, 'state', { state: 's1' })).to.have.lengthOf(1);
      advance(2);
      expect(await store.Get(false, 'state', { state: 's1' })).to.equal(false);
    });

    it('when expired rows are purged, then they are deleted and platforms and keys are kept', async () => {
      await store.Replace(false, 'platform', { platformUrl, clientId }, platformDoc());
      await store.Replace(KEY, 'publickey', { platformUrl, clientId }, { key: 'PEM', kid: 'kid-1' }, { kid: 'kid-1', platformUrl, clientId });
      await store.Insert(false, 'nonce', { nonce: 'n1' });
      await store.Insert(false, 'state', { state: 's1', query: {} });
      await store.Replace(false, 'contexttoken', { contextId: 'c', user: 'u' }, { contextId: 'c', user: 'u' });

      advance(11);
      expect(await store.purgeExpired()).to.equal(1);
      advance(600);
      expect(await store.purgeExpired()).to.equal(1);
      advance(48 * 3600);
      expect(await store.purgeExpired()).to.equal(1);

      const remaining = await database.db.select({ collection: ltijsItems.collection }).from(ltijsItems);
      expect(remaining.map((r) => r.collection).sort()).to.deep.equal(['platform', 'publickey']);
    });

    it('when the store is set up, then its timer purges expired rows without being asked', async () => {
      const fastStore = createLtijsStore(database.db, { now: () => clock, purgeIntervalMs: 10 });
      await fastStore.Insert(false, 'nonce', { nonce: 'n1' });
      advance(11);
      await fastStore.setup();
      try {
        const deadline = Date.now() + 5_000;
        while ((await rawRows('nonce')).length > 0 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expect(await rawRows('nonce')).to.have.lengthOf(0);
      } finally {
        await fastStore.Close();
      }
    });
  });

  describe('driven by ltijs', () => {
    it('when ltijs generates a platform key pair, then its keyset serves that key', async () => {
      const kid = await Auth.generatePlatformKeyPair(KEY, store, platformUrl, clientId);

      const keyset = await Keyset.build(store, KEY);
      expect(keyset.keys).to.have.lengthOf(1);
      expect(keyset.keys[0]).to.include({ kid, kty: 'RSA', alg: 'RS256', use: 'sig' });
      const [privateKey] = (await store.Get(KEY, 'privatekey', { kid })) || [];
      expect(privateKey?.key).to.be.a('string').that.includes('BEGIN RSA PRIVATE KEY');
      const [row] = await rawRows('privatekey');
      expect(JSON.stringify(row?.doc)).not.to.include('PRIVATE KEY');
    });
  });
});
