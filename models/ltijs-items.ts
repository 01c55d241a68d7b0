import { and, asc, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';
import { ltijsItems } from './schema';

export type LtijsDoc = Record<string, unknown>;

/**
 * Which rows of one collection a call is about. `match` is a mongo equality object on top-level fields:
 * a null or undefined value matches a missing or null field (as mongo does), anything else by jsonb
 * containment. `key`, when given, is the item key every matching row has (see `itemKeySql`), so the row
 * is found through the unique (collection, item_key) index instead of the GIN index.
 */
export interface LtijsItemFilter {
  collection: string;
  match: LtijsDoc;
  key?: LtijsDoc;
}

export interface LtijsItemRow {
  id: number;
  doc: LtijsDoc;
  createdAt: Date;
}

export interface LtijsItemWrite {
  collection: string;
  /** The item's identity; stored as its canonical JSON (see `itemKeySql`). */
  key: LtijsDoc;
  doc: LtijsDoc;
  createdAt: Date;
  expiresAt: Date | null;
}

/**
 * PostgreSQL's own jsonb text form is the canonical JSON of the key: it sorts the keys (by length,
 * then bytes), drops duplicates and normalises spacing, and Modify can build the same text in SQL.
 */
function itemKeySql(key: LtijsDoc): SQL {
  return sql`(${JSON.stringify(key, (_name, value: unknown) => (value === undefined ? null : value))}::jsonb)::text`;
}

function timestamp(at: Date): SQL {
  return sql`${at.toISOString()}::timestamptz`;
}

function matches(filter: LtijsItemFilter): SQL {
  const conditions: SQL[] = [eq(ltijsItems.collection, filter.collection)];
  if (filter.key) conditions.push(sql`${ltijsItems.itemKey} = ${itemKeySql(filter.key)}`);
  const contained: LtijsDoc = {};
  for (const [field, value] of Object.entries(filter.match)) {
    if (value === undefined || value === null) {
      conditions.push(sql`coalesce(${ltijsItems.doc} -> ${field}::text, 'null'::jsonb) = 'null'::jsonb`);
    } else {
      contained[field] = value;
    }
  }
  if (Object.keys(contained).length > 0) {
    conditions.push(sql`${ltijsItems.doc} @> ${JSON.stringify(contained)}::jsonb`);
  }
  return and(...conditions) as SQL;
}

function toRow({ key, ...item }: LtijsItemWrite) {
  return { ...item, itemKey: itemKeySql(key) };
}

function live(now: Date): SQL {
  return sql`(${ltijsItems.expiresAt} is null or ${ltijsItems.expiresAt} > ${timestamp(now)})`;
}

/** The rows matching the filter that have not expired at `now`, oldest first. */
export async function findLtijsItems(db: Db, filter: LtijsItemFilter, now: Date): Promise<LtijsItemRow[]> {
  const rows = await db
    .select({ id: ltijsItems.id, doc: ltijsItems.doc, createdAt: ltijsItems.createdAt })
    .from(ltijsItems)
    .where(and(matches(filter), live(now)))
    .orderBy(asc(ltijsItems.id));
  return rows as LtijsItemRow[];
}

/**
 * Inserts an item. An expired row with the same key is taken over; a live one is left alone and
 * `false` is returned (mongo's duplicate key error, which the caller raises).
 */
export async function insertLtijsItem(db: Db, item: LtijsItemWrite): Promise<boolean> {
  const rows = await db
    .insert(ltijsItems)
    .values(toRow(item))
    .onConflictDoUpdate({
      target: [ltijsItems.collection, ltijsItems.itemKey],
      set: { doc: sql`excluded.doc`, createdAt: sql`excluded.created_at`, expiresAt: sql`excluded.expires_at` },
      setWhere: sql`${ltijsItems.expiresAt} <= ${timestamp(item.createdAt)}`,
    })
    .returning({ id: ltijsItems.id });
  return rows.length > 0;
}

/** Inserts the item or replaces the row with the same key, in one statement (safe under concurrency). */
export async function upsertLtijsItem(db: Db, item: LtijsItemWrite): Promise<void> {
  await db
    .insert(ltijsItems)
    .values(toRow(item))
    .onConflictDoUpdate({
      target: [ltijsItems.collection, ltijsItems.itemKey],
      set: { doc: sql`excluded.doc`, createdAt: sql`excluded.created_at`, expiresAt: sql`excluded.expires_at` },
    });
}

function firstLiveId(db: Db, filter: LtijsItemFilter, now: Date) {
  return db
    .select({ id: ltijsItems.id })
    .from(ltijsItems)
    .where(and(matches(filter), live(now)))
    .orderBy(asc(ltijsItems.id))
    .limit(1);
}

/**
 * Sets top-level fields on the first live matching row (mongo's updateOne with `$set`) and gives it
 * a new expiry. When the change touches the collection's key fields, the item key is rebuilt from the
 * new document so later upserts by the new key find this row.
 */
export async function setLtijsItemFields(
  db: Db,
  filter: LtijsItemFilter,
  fields: LtijsDoc,
  change: { now: Date; expiresAt: Date | null; keyFields?: readonly string[] },
): Promise<void> {
  const newDoc = sql`(${ltijsItems.doc} || ${JSON.stringify(fields)}::jsonb)`;
  const rekey = change.keyFields?.length
    ? sql`(jsonb_build_object(${sql.join(
        change.keyFields.map((field) => sql`${field}::text, ${newDoc} -> ${field}::text`),
        sql`, `,
      )}))::text`
    : undefined;
  await db
    .update(ltijsItems)
    .set({ doc: newDoc, expiresAt: change.expiresAt, ...(rekey ? { itemKey: rekey } : {}) })
    .where(inArray(ltijsItems.id, firstLiveId(db, filter, change.now)));
}

/** The first live matching row, for changes that need the document in hand (encrypted items). */
export async function findFirstLtijsItem(db: Db, filter: LtijsItemFilter, now: Date): Promise<LtijsItemRow | undefined> {
  const [row] = await db
    .select({ id: ltijsItems.id, doc: ltijsItems.doc, createdAt: ltijsItems.createdAt })
    .from(ltijsItems)
    .where(and(matches(filter), live(now)))
    .orderBy(asc(ltijsItems.id))
    .limit(1);
  return row as LtijsItemRow | undefined;
}

export async function replaceLtijsItemDoc(db: Db, id: number, doc: LtijsDoc, expiresAt: Date | null): Promise<void> {
  await db.update(ltijsItems).set({ doc, expiresAt }).where(eq(ltijsItems.id, id));
}

/** Deletes every matching row, expired or not. */
export async function deleteLtijsItems(db: Db, filter: LtijsItemFilter): Promise<void> {
  await db.delete(ltijsItems).where(matches(filter));
}

/** Deletes the rows expired at `now` and returns how many there were. */
export async function purgeExpiredLtijsItems(db: Db, now: Date): Promise<number> {
  const rows = await db.delete(ltijsItems).where(lte(ltijsItems.expiresAt, now)).returning({ id: ltijsItems.id });
  return rows.length;
}
