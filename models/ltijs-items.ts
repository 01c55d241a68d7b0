import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';

// ltijs's collections live in the `ltijs_items` table (see schema.ts). Each launch makes about eight of
// these calls, so they are written as single parameterised statements: Drizzle's query builder costs
// about five times as much JavaScript per call as a `sql` template.

export type LtijsDoc = Record<string, unknown>;

/**
 * Which rows of one collection a call is about. `match` is a mongo equality object on top-level fields:
 * a null or undefined value matches a missing or null field (as mongo does), anything else by jsonb
 * containment. `key`, when given, is the item key every matching row has (see `itemKeySql`), so the row
 * is found through the unique (collection, item_key) index.
 */
export interface LtijsItemFilter {
  collection: string;
  match: LtijsDoc;
  key?: LtijsDoc;
}

export interface LtijsItemRow {
  doc: LtijsDoc;
  /** created_at in ms since the epoch (the drivers disagree on how they return timestamps). */
  createdMs: number;
}

export interface LtijsItemWrite {
  collection: string;
  /** The item's identity; stored as its canonical JSON (see `itemKeySql`). */
  key: LtijsDoc;
  doc: LtijsDoc;
  createdAt: Date;
  expiresAt: Date | null;
}

async function rowsOf<T>(db: Db, statement: SQL): Promise<T[]> {
  // node-postgres and PGlite both answer with `{ rows }`, typed by neither through Drizzle's generic Db.
  const result = (await db.execute(statement)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * PostgreSQL's own jsonb text form is the canonical JSON of the key: it sorts the keys (by length,
 * then bytes), drops duplicates and normalises spacing, and Modify can build the same text in SQL.
 */
function itemKeySql(key: LtijsDoc): SQL {
  return sql`(${JSON.stringify(key, (_name, value: unknown) => (value === undefined ? null : value))}::jsonb)::text`;
}

function timestamp(at: Date | null): SQL {
  return sql`${at ? at.toISOString() : null}::timestamptz`;
}

function matches(filter: LtijsItemFilter): SQL {
  const conditions: SQL[] = [sql`collection = ${filter.collection}`];
  if (filter.key) conditions.push(sql`item_key = ${itemKeySql(filter.key)}`);
  const contained: LtijsDoc = {};
  for (const [field, value] of Object.entries(filter.match)) {
    if (value === undefined || value === null) {
      conditions.push(sql`coalesce(doc -> ${field}::text, 'null'::jsonb) = 'null'::jsonb`);
    } else {
      contained[field] = value;
    }
  }
  if (Object.keys(contained).length > 0) conditions.push(sql`doc @> ${JSON.stringify(contained)}::jsonb`);
  return sql.join(conditions, sql` and `);
}

function live(now: Date): SQL {
  return sql`(expires_at is null or expires_at > ${timestamp(now)})`;
}

/** The rows matching the filter that have not expired at `now`, oldest first. */
export async function findLtijsItems(db: Db, filter: LtijsItemFilter, now: Date): Promise<LtijsItemRow[]> {
  return rowsOf<LtijsItemRow>(
    db,
    sql`select doc, (extract(epoch from created_at) * 1000)::float8 as "createdMs"
        from ltijs_items where ${matches(filter)} and ${live(now)} order by id`,
  );
}

function insertSql(item: LtijsItemWrite): SQL {
  return sql`insert into ltijs_items (collection, item_key, doc, created_at, expires_at)
    values (${item.collection}, ${itemKeySql(item.key)}, ${JSON.stringify(item.doc)}::jsonb,
            ${timestamp(item.createdAt)}, ${timestamp(item.expiresAt)})
    on conflict (collection, item_key) do update
    set doc = excluded.doc, created_at = excluded.created_at, expires_at = excluded.expires_at`;
}

/**
 * Inserts an item. An expired row with the same key is taken over; a live one is left alone and
 * `false` is returned (mongo's duplicate key error, which the caller raises).
 */
export async function insertLtijsItem(db: Db, item: LtijsItemWrite): Promise<boolean> {
  const rows = await rowsOf<{ inserted: number }>(
    db,
    sql`${insertSql(item)} where ltijs_items.expires_at <= ${timestamp(item.createdAt)} returning 1 as inserted`,
  );
  return rows.length > 0;
}

/** Inserts the item or replaces the row with the same key, in one statement (safe under concurrency). */
export async function upsertLtijsItem(db: Db, item: LtijsItemWrite): Promise<void> {
  await db.execute(insertSql(item));
}

function firstLiveId(filter: LtijsItemFilter, now: Date): SQL {
  return sql`(select id from ltijs_items where ${matches(filter)} and ${live(now)} order by id limit 1)`;
}

/**
 * Sets top-level fields on the first live matching row (mongo's updateOne with `$set`) and gives it
 * a new expiry. When the change touches the collection's key fields, the item key is rebuilt from the
 * new document so that later upserts by the new key find this row, and upserts by the old key do not.
 */
export async function setLtijsItemFields(
  db: Db,
  filter: LtijsItemFilter,
  fields: LtijsDoc,
  change: { now: Date; expiresAt: Date | null; keyFields?: readonly string[] },
): Promise<void> {
  const newDoc = sql`(doc || ${JSON.stringify(fields)}::jsonb)`;
  const rekey = change.keyFields?.length
    ? sql`, item_key = (jsonb_build_object(${sql.join(
        change.keyFields.map((field) => sql`${field}::text, ${newDoc} -> ${field}::text`),
        sql`, `,
      )}))::text`
    : sql``;
  await db.execute(
    sql`update ltijs_items set doc = ${newDoc}, expires_at = ${timestamp(change.expiresAt)}${rekey}
        where id = ${firstLiveId(filter, change.now)}`,
  );
}

/** The first live matching row, for changes that need the document in hand (encrypted items). */
export async function findFirstLtijsItem(
  db: Db,
  filter: LtijsItemFilter,
  now: Date,
): Promise<{ id: string; doc: LtijsDoc } | undefined> {
  const [row] = await rowsOf<{ id: string; doc: LtijsDoc }>(
    db,
    sql`select id::text as id, doc from ltijs_items where ${matches(filter)} and ${live(now)} order by id limit 1`,
  );
  return row;
}

export async function replaceLtijsItemDoc(db: Db, id: string, doc: LtijsDoc, expiresAt: Date | null): Promise<void> {
  await db.execute(
    sql`update ltijs_items set doc = ${JSON.stringify(doc)}::jsonb, expires_at = ${timestamp(expiresAt)}
        where id = ${id}::bigint`,
  );
}

/** Deletes every matching row, expired or not. */
export async function deleteLtijsItems(db: Db, filter: LtijsItemFilter): Promise<void> {
  await db.execute(sql`delete from ltijs_items where ${matches(filter)}`);
}

/** Deletes the rows expired at `now` and returns how many there were. */
export async function purgeExpiredLtijsItems(db: Db, now: Date): Promise<number> {
  const [row] = await rowsOf<{ purged: number }>(
    db,
    sql`with purged as (delete from ltijs_items where expires_at <= ${timestamp(now)} returning 1)
        select count(*)::int as purged from purged`,
  );
  return row?.purged ?? 0;
}
