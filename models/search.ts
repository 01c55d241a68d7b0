import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../lti-tool/db';

export const searchKinds = ['post', 'thread', 'meeting', 'assignment'] as const;
export type SearchKind = (typeof searchKinds)[number];

/**
 * What the reader may see, worked out by the service from the policy rules: the small sets the query needs, so
 * that every row is checked in SQL and no post is loaded to be thrown away.
 */
export interface SearchScope {
  networkId: number;
  userId: number;
  /** The network's text-search configuration (searchConfigOf). */
  config: string;
  /** Forums the reader may read (forum.read). */
  forumIds: number[];
  /** Reads every private reply, not only their own (forum.readPrivate for others' posts). */
  readsAllPrivate: boolean;
  /** Reads "post first" threads without having posted (forum.seeBeforePosting). */
  seesBeforePosting: boolean;
  /** Sees assignments before their visible_from (assignment.read when not visible). */
  seesHiddenAssignments: boolean;
  now: Date;
}

export interface SearchHit {
  kind: SearchKind;
  id: number;
  rank: number;
  /** The date the hit is placed at: a post's or thread's creation, a meeting's start, an assignment's due date. */
  at: Date;
  title: string;
  /** ts_headline's fragment, matches between the sentinels; plain text otherwise. */
  headline: string;
  threadId: number | null;
  postNumber: number | null;
  forumKind: string | null;
  groupName: string | null;
  meetingNumber: number | null;
  assignmentLetter: string | null;
}

/** Private-use characters ts_headline puts around matches; removed from every text first, so they cannot come from it. */
export const highlightStart = '\uE000';
export const highlightStop = '\uE001';
const headlineOptions = `StartSel=${highlightStart}, StopSel=${highlightStop}, MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;

/** The query's text-search form has no words to look for (only stop words or punctuation). */
export async function queryHasWords(db: Db, config: string, query: string): Promise<boolean> {
  const result = (await db.execute(sql`select numnode(websearch_to_tsquery(${config}::regconfig, ${query})) > 0 as words`)) as unknown as { rows: Array<{ words: boolean }> };
  return Boolean(result.rows[0]?.words);
}

/**
 * One page of hits across posts, thread titles, meetings (theme and programme) and assignments, best first and
 * newer first on ties. Only the page's rows get a headline: ts_headline is the costly part.
 */
export async function searchReadable(db: Db, scope: SearchScope, query: string, page: { limit: number; offset: number }): Promise<SearchHit[]> {
  return db.transaction(async (tx) => {
    // PostgreSQL prices the text match of each row in a sequential scan far below its real cost, and so reads the
    // whole table for a word in a few percent of the posts where the GIN index is three times faster (bench/
    // forum-search.ts). Random reads cost little when the posts are in memory or on SSD: said for this query only.
    await tx.execute(sql`set local random_page_cost = 1.1`);
    const result = (await tx.execute(searchStatement(scope, query, page))) as unknown as { rows: RawHit[] };
    return result.rows.map(hitOf);
  });
}

/** The statement searchReadable runs, for the benchmark's EXPLAIN. */
export function searchStatement(scope: SearchScope, query: string, page: { limit: number; offset: number }): SQL {
  const cfg = sql`${scope.config}::regconfig`;
  const strip = (text: SQL) => sql`translate(${text}, ${highlightStart + highlightStop}, '')`;
  // Written out in each part (not taken from a CTE), so the planner sees a constant query and uses the GIN indexes.
  const q = sql`websearch_to_tsquery(${cfg}, ${query})`;
  return sql`
    with q as (select ${q} as q),
    hits as (
      ${postHits(scope, q)}
      union all
      ${threadHits(scope, q)}
      union all
      ${meetingHits(scope, q)}
      union all
      ${assignmentHits(scope, q)}
    ),
    page as (select * from hits order by rank desc, at desc, kind, id desc limit ${page.limit} offset ${page.offset})
    select page.kind, page.id, page.rank, page.at, coalesce(page.title, pt.title) as title, page.thread_id, page.post_number,
           f.kind as forum_kind, g.name as group_name, page.meeting_number, page.assignment_letter,
           ts_headline(${cfg}, ${strip(sql`coalesce(page.doc, pp.body)`)}, q.q, ${headlineOptions}) as headline
    from page
    cross join q
    left join forum_posts pp on page.kind = 'post' and pp.id = page.id
    left join forum_threads pt on pt.id = page.thread_id
    left join forums f on f.id = page.forum_id
    left join conversation_groups g on g.id = f.group_id
    order by page.rank desc, page.at desc, page.kind, page.id desc`;
}

interface RawHit {
  kind: SearchKind;
  id: number;
  rank: number;
  at: Date | string;
  title: string;
  headline: string;
  thread_id: number | null;
  post_number: number | null;
  forum_kind: string | null;
  group_name: string | null;
  meeting_number: number | null;
  assignment_letter: string | null;
}

const hitOf = (row: RawHit): SearchHit => ({
  kind: row.kind,
  id: Number(row.id),
  rank: Number(row.rank),
  at: new Date(row.at),
  title: row.title.replace(/[\uE000\uE001]/g, ''),
  headline: row.headline,
  threadId: row.thread_id === null ? null : Number(row.thread_id),
  postNumber: row.post_number === null ? null : Number(row.post_number),
  forumKind: row.forum_kind,
  groupName: row.group_name,
  meetingNumber: row.meeting_number === null ? null : Number(row.meeting_number),
  assignmentLetter: row.assignment_letter,
});

const forumIdList = (scope: SearchScope) => sql`array[${sql.join([sql`0`, ...scope.forumIds.map((id) => sql`${id}`)], sql`, `)}]::int[]`;

/**
 * The thread a post is in is readable (forum, not deleted) and shows its replies to this reader. Only what ranking
 * needs is carried: the page's rows get their text, thread title and forum afterwards.
 */
function postHits(scope: SearchScope, q: SQL): SQL {
  return sql`
    select 'post'::text as kind, fp.id, ts_rank_cd(fp.search_vector, ${q}) as rank, fp.created_at as at, null::text as title, null::text as doc,
           ft.id as thread_id, fp.number as post_number, ft.forum_id, null::int as meeting_number, null::text as assignment_letter
    from forum_posts fp
    join forum_threads ft on ft.id = fp.thread_id
    where fp.search_vector @@ ${q}
      and fp.network_id = ${scope.networkId}::int
      and fp.deleted_at is null
      and ft.deleted_at is null
      and ft.forum_id = any(${forumIdList(scope)})
      and (fp.private_to_user_id is null or ${scope.readsAllPrivate}::boolean or fp.author_id = ${scope.userId}::int or fp.private_to_user_id = ${scope.userId}::int)
      and (ft.kind <> 'postFirst' or ${scope.seesBeforePosting}::boolean or fp.number = 1 or fp.author_id = ${scope.userId}
           or exists (select 1 from forum_posts own where own.thread_id = ft.id and own.author_id = ${scope.userId} and own.deleted_at is null))`;
}

/** A title counts as much as a heading: weight A against the posts' D. */
function threadHits(scope: SearchScope, q: SQL): SQL {
  return sql`
    select 'thread'::text, ft.id, ts_rank_cd(setweight(ft.search_vector, 'A'), ${q}), ft.created_at, ft.title, ft.title,
           ft.id, null::int, ft.forum_id, null::int, null::text
    from forum_threads ft
    where ft.search_vector @@ ${q}
      and ft.network_id = ${scope.networkId}
      and ft.deleted_at is null
      and ft.forum_id = any(${forumIdList(scope)})`;
}

/** A year has a handful of meetings: their documents are made here rather than stored. */
function meetingHits(scope: SearchScope, q: SQL): SQL {
  const cfg = sql`${scope.config}::regconfig`;
  return sql`
    select 'meeting'::text, m.id, ts_rank_cd(m.doc, ${q}), m.starts_at, m.theme, m.text,
           null::int, null::int, null::int, m.number, null::text
    from (
      select mt.id, mt.number, mt.theme, mt.starts_at,
             concat_ws(' · ', mt.theme, mt.kind_label, items.text) as text,
             setweight(to_tsvector(${cfg}, mt.theme), 'A') || setweight(to_tsvector(${cfg}, concat_ws(' ', mt.kind_label, items.text)), 'B') as doc
      from meetings mt
      left join lateral (
        select string_agg(concat_ws(', ', pi.title, pi.speaker), ' · ' order by pi.position) as text from programme_items pi where pi.meeting_id = mt.id
      ) items on true
      where mt.network_id = ${scope.networkId}
    ) m
    where m.doc @@ ${q}`;
}

function assignmentHits(scope: SearchScope, q: SQL): SQL {
  const cfg = sql`${scope.config}::regconfig`;
  return sql`
    select 'assignment'::text, a.id, ts_rank_cd(a.doc, ${q}), a.due_at, a.title, a.text,
           null::int, null::int, null::int, null::int, a.letter
    from (
      select id, letter, title, due_at, concat_ws(' · ', title, instructions) as text,
             setweight(to_tsvector(${cfg}, title), 'A') || setweight(to_tsvector(${cfg}, instructions), 'D') as doc
      from assignments
      where network_id = ${scope.networkId}
        and (${scope.seesHiddenAssignments}::boolean or visible_from is null or visible_from <= ${scope.now.toISOString()}::timestamptz)
    ) a
    where a.doc @@ ${q}`;
}

export interface ForumForSearch {
  id: number;
  kind: 'announcements' | 'discussion' | 'group';
  groupMemberIds: number[];
}

/** The network's forums, each group forum with its members: what forum.read is asked about (a few rows). */
export async function forumsForSearch(db: Db, networkId: number): Promise<ForumForSearch[]> {
  const result = (await db.execute(sql`
    select f.id, f.kind, coalesce(array_agg(m.user_id) filter (where m.user_id is not null), '{}') as member_ids
    from forums f
    left join conversation_group_members m on m.group_id = f.group_id
    where f.network_id = ${networkId}::int
    group by f.id, f.kind`)) as unknown as { rows: Array<{ id: number; kind: ForumForSearch['kind']; member_ids: number[] }> };
  return result.rows.map((row) => ({ id: Number(row.id), kind: row.kind, groupMemberIds: row.member_ids.map(Number) }));
}
