import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../db';
import {
  deleteLtijsItems,
  findFirstLtijsItem,
  findLtijsItems,
  insertLtijsItem,
  purgeExpiredLtijsItems,
  replaceLtijsItemDoc,
  setLtijsItemFields,
  upsertLtijsItem,
  type LtijsDoc,
  type LtijsItemFilter,
  type LtijsItemRow,
} from '../../models/ltijs-items';

export type { LtijsDoc };
export type EncryptionKey = string | false | undefined;

export interface LtijsStoreOptions {
  /** How often expired rows are deleted; 60 s by default. */
  purgeIntervalMs?: number;
  /** The clock for expiry and created-at times (tests move it instead of sleeping). */
  now?: () => Date;
  /** Set false to look nonces up on Get as mongo would (the Insert refuses a replay either way). */
  nonceByInsertOnly?: boolean;
  /** Where a failed periodic purge is reported (a pino logger fits). */
  logger?: { warn(details: object, message: string): void };
}

/**
 * How long ltijs's mongo schemas keep each collection (their `createdAt: {expires}` TTL indexes).
 * The others (platform, platformStatus, publickey, privatekey) never expire.
 */
const TTL_SECONDS: Readonly<Record<string, number>> = {
  idtoken: 24 * 3600,
  contexttoken: 24 * 3600,
  accesstoken: 3600,
  state: 600,
  nonce: 10,
};

/**
 * The identity of an item in each collection: the fields ltijs replaces it by (and mongo's unique
 * indexes). Inserts and Replaces of the same item get the same item key, so e.g. the platformStatus
 * inserted by dynamic registration is the row platformActive() later replaces.
 */
const KEY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  platform: ['platformUrl', 'clientId'],
  platformStatus: ['id'],
  publickey: ['platformUrl', 'clientId'],
  privatekey: ['platformUrl', 'clientId'],
  accesstoken: ['platformUrl', 'clientId', 'scopes'],
  idtoken: ['iss', 'clientId', 'deploymentId', 'user'],
  contexttoken: ['contextId', 'user'],
  nonce: ['nonce'],
  state: ['state'],
};

const PURGE_INTERVAL_MS = 60_000;

/**
 * ltijs reads the platform and its status several times per launch. They change only on registration,
 * so reads are kept briefly; writes in this process drop them at once. Another instance's change shows
 * within the TTL — whether a platform may launch is decided by our own platforms table, read every time.
 */
const CACHED_COLLECTIONS = new Set(['platform', 'platformStatus']);
const CACHE_TTL_MS = 30_000;

/**
 * ltijs's Database plugin over PostgreSQL: every collection in the `ltijs_items` table, one row per
 * document, one SQL statement per call (two for Modify of an encrypted item, which ltijs never does).
 * Reproduces ltijs's mongoose implementation, including its TTL expiry, which is enforced on read and by
 * a periodic purge.
 */
export class LtijsPostgresStore {
  private readonly now: () => Date;
  private purgeTimer: NodeJS.Timeout | undefined;
  private purging = false;
  private readonly cache = new Map<string, { rows: LtijsItemRow[]; until: number }>();

  constructor(
    private readonly db: Db,
    private readonly options: LtijsStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Nothing to connect (the database is ours): starts the periodic purge. */
  async setup(): Promise<true> {
    if (!this.purgeTimer) {
      this.purgeTimer = setInterval(() => void this.purgeQuietly(), this.options.purgeIntervalMs ?? PURGE_INTERVAL_MS);
      this.purgeTimer.unref();
    }
    return true;
  }

  /** Stops the purge; the database stays open, its owner closes it. */
  async Close(): Promise<true> {
    clearInterval(this.purgeTimer);
    this.purgeTimer = undefined;
    return true;
  }

  async Get(ENCRYPTIONKEY: EncryptionKey, collection: string, query?: LtijsDoc): Promise<LtijsDoc[] | false> {
    if (!collection) throw new Error('MISSING_COLLECTION');
    // ltijs checks a nonce with Get and then Inserts it. The Insert alone refuses a nonce already seen (its
    // item key is unique), which also closes the race between the two, so the lookup is skipped: one
    // round trip less per launch.
    if (collection === 'nonce' && this.options.nonceByInsertOnly !== false) return false;
    const rows = await this.findRows(collection, query);
    if (rows.length === 0) return false;
    return Promise.all(rows.map((row) => this.present(ENCRYPTIONKEY, collection, row)));
  }

  async Insert(ENCRYPTIONKEY: EncryptionKey, collection: string, item: LtijsDoc, index?: LtijsDoc): Promise<true> {
    this.forget(collection);
    if (!collection || !item || (ENCRYPTIONKEY && !index)) throw new Error('MISSING_PARAMS');
    const doc = ENCRYPTIONKEY ? await this.seal(ENCRYPTIONKEY, item, index) : item;
    const fields = KEY_FIELDS[collection];
    const key = fields ? pick(doc, fields) : { _id: randomUUID() };
    const inserted = await insertLtijsItem(this.db, { collection, key, doc, ...this.times(collection) });
    if (!inserted) throw duplicateKeyError(collection, key);
    return true;
  }

  /** Upsert by the query: the item key is the query's canonical JSON. */
  async Replace(
    ENCRYPTIONKEY: EncryptionKey,
    collection: string,
    query: LtijsDoc,
    item: LtijsDoc,
    index?: LtijsDoc,
  ): Promise<true> {
    this.forget(collection);
    if (!collection || !query || !item || (ENCRYPTIONKEY && !index)) throw new Error('MISSING_PARAMS');
    const doc = ENCRYPTIONKEY ? await this.seal(ENCRYPTIONKEY, item, index) : item;
    await upsertLtijsItem(this.db, { collection, key: query, doc, ...this.times(collection) });
    return true;
  }

  /**
   * `$set` of the modification's fields on the first matching item (mongo's updateOne), with a new
   * expiry. Encrypted items are decrypted and only the modification's first field is set, as ltijs does.
   */
  async Modify(ENCRYPTIONKEY: EncryptionKey, collection: string, query: LtijsDoc, modification: LtijsDoc): Promise<true> {
    this.forget(collection);
    if (!collection || !query || !modification) throw new Error('MISSING_PARAMS');
    const filter = filterFor(collection, query);
    const { createdAt: now, expiresAt } = this.times(collection);
    if (!ENCRYPTIONKEY) {
      const keyFields = KEY_FIELDS[collection]?.some((field) => field in modification) ? KEY_FIELDS[collection] : undefined;
      await setLtijsItemFields(this.db, filter, modification, { now, expiresAt, keyFields });
      return true;
    }
    const row = await findFirstLtijsItem(this.db, filter, now);
    if (!row) return true;
    const item = JSON.parse(await this.Decrypt(String(row.doc.data), String(row.doc.iv), ENCRYPTIONKEY)) as LtijsDoc;
    const [field] = Object.keys(modification);
    if (field !== undefined) item[field] = modification[field];
    const sealed = await this.Encrypt(JSON.stringify(item), ENCRYPTIONKEY);
    await replaceLtijsItemDoc(this.db, row.id, { ...row.doc, ...sealed }, expiresAt);
    return true;
  }

  async Delete(collection: string, query: LtijsDoc): Promise<true> {
    this.forget(collection);
    if (!collection || !query) throw new Error('MISSING_PARAMS');
    await deleteLtijsItems(this.db, filterFor(collection, query));
    return true;
  }

  /** AES-256-CBC with key sha256(secret) and a random iv, hex encoded: ltijs's format. */
  async Encrypt(data: string, secret: string): Promise<{ iv: string; data: string }> {
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-256-cbc', createHash('sha256').update(secret).digest(), iv);
    const encrypted = Buffer.concat([cipher.update(data), cipher.final()]);
    return { iv: iv.toString('hex'), data: encrypted.toString('hex') };
  }

  async Decrypt(data: string, iv: string, secret: string): Promise<string> {
    const key = createHash('sha256').update(secret).digest();
    const decipher = createDecipheriv('aes-256-cbc', key, Buffer.from(iv, 'hex'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'hex')), decipher.final()]).toString();
  }

  /** Deletes the expired rows now; returns how many. */
  async purgeExpired(): Promise<number> {
    return purgeExpiredLtijsItems(this.db, this.now());
  }

  private async purgeQuietly(): Promise<void> {
    if (this.purging) return;
    this.purging = true;
    try {
      await this.purgeExpired();
    } catch (error) {
      this.options.logger?.warn({ err: error }, 'purging expired ltijs items failed');
    } finally {
      this.purging = false;
    }
  }

  private async findRows(collection: string, query: LtijsDoc | undefined): Promise<LtijsItemRow[]> {
    if (!CACHED_COLLECTIONS.has(collection)) return findLtijsItems(this.db, filterFor(collection, query), this.now());
    const key = `${collection}\u0000${JSON.stringify(query ?? null)}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > Date.now()) return cached.rows;
    const rows = await findLtijsItems(this.db, filterFor(collection, query), this.now());
    this.cache.set(key, { rows, until: Date.now() + CACHE_TTL_MS });
    return rows;
  }

  private forget(collection: string): void {
    if (!CACHED_COLLECTIONS.has(collection)) return;
    for (const key of this.cache.keys()) if (key.startsWith(`${collection}\u0000`)) this.cache.delete(key);
  }

  private times(collection: string): { createdAt: Date; expiresAt: Date | null } {
    const createdAt = this.now();
    const ttl = TTL_SECONDS[collection];
    return { createdAt, expiresAt: ttl === undefined ? null : new Date(createdAt.getTime() + ttl * 1000) };
  }

  private async seal(secret: string, item: LtijsDoc, index: LtijsDoc | undefined): Promise<LtijsDoc> {
    return { ...index, ...(await this.Encrypt(JSON.stringify(item), secret)) };
  }

  /**
   * What mongoose hands ltijs: the document, with `createdAt` in the collections whose schema has one
   * (a Date; for encrypted items the decrypted object gets it in ms, which platformAccessToken() uses
   * to tell whether a cached access token is still good).
   */
  private async present(secret: EncryptionKey, collection: string, row: LtijsItemRow): Promise<LtijsDoc> {
    const stamped = collection in TTL_SECONDS;
    if (!secret) return stamped ? { ...row.doc, createdAt: new Date(row.createdMs) } : row.doc;
    const item = JSON.parse(await this.Decrypt(String(row.doc.data), String(row.doc.iv), secret)) as LtijsDoc;
    if (stamped) item.createdAt = row.createdMs;
    return item;
  }
}

export type LtijsStore = LtijsPostgresStore;

/** The ltijs Database plugin for `Provider.setup(key, { plugin }, …)`. */
export function createLtijsStore(db: Db, options?: LtijsStoreOptions): LtijsStore {
  return new LtijsPostgresStore(db, options);
}

/** A query on exactly the collection's key fields is looked up through the unique item-key index. */
function filterFor(collection: string, query: LtijsDoc | undefined): LtijsItemFilter {
  const match = query ?? {};
  const fields = KEY_FIELDS[collection];
  const names = Object.keys(match);
  const byKey =
    fields !== undefined &&
    names.length === fields.length &&
    fields.every((field) => match[field] !== undefined && match[field] !== null);
  return byKey ? { collection, match, key: match } : { collection, match };
}

function pick(doc: LtijsDoc, fields: readonly string[]): LtijsDoc {
  return Object.fromEntries(fields.map((field) => [field, doc[field] ?? null]));
}

/** Mongo's duplicate key error, which ltijs's collections with unique indexes would raise. */
function duplicateKeyError(collection: string, key: LtijsDoc): Error {
  return Object.assign(new Error(`E11000 duplicate key error collection: ${collection} dup key: ${JSON.stringify(key)}`), {
    code: 11000,
  });
}
