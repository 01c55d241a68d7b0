import type { Db } from '../db';
import { authorize, networkFor, type Actor } from '../policies';
import { forumsForSearch, highlightStart, highlightStop, queryHasWords, searchReadable, type SearchHit, type SearchKind, type SearchScope } from '../../models/search';
import { searchConfigOf } from './search-language';

/** Longer than anything a person types into a search box; beyond it the query is refused, not cut. */
export const maxQueryLength = 200;
export const resultsPerPage = 20;
/** Far enough for anyone paging by hand; deeper offsets only cost the database. */
export const maxPage = 50;

export type SearchProblem = 'search_query_too_long' | 'search_no_words';

export interface SearchResult {
  kind: SearchKind;
  title: string;
  /** The matching words in <mark>, everything else escaped: safe to print as HTML. */
  snippetHtml: string;
  /** Path inside the launch, to put after its base. */
  path: string;
  /** Where the hit is: the forum (announcements, discussion, or a group's name), the meeting, the assignment. */
  where: { forumKind: string | null; groupName: string | null; meetingNumber: number | null; assignmentLetter: string | null };
  at: Date;
}

export interface SearchPage {
  query: string;
  problem: SearchProblem | null;
  /** Whether a search was run (a query was given and accepted). */
  searched: boolean;
  results: SearchResult[];
  page: number;
  /** The number of the page's first result in the whole list. */
  firstNumber: number;
  hasPrevious: boolean;
  hasNext: boolean;
}

/**
 * Full-text search over everything the actor may read in their network, in the network's language. Who may read
 * what is decided here with the policy rules, once per request, and handed to one SQL query as a few sets and flags.
 */
export async function searchNetwork(db: Db, actor: Actor, input: { query: string; page: number }, now = new Date()): Promise<SearchPage> {
  networkFor(actor, 'search.run');
  const query = input.query.trim();
  const page = Math.min(Math.max(1, Math.trunc(input.page) || 1), maxPage);
  const empty = { query: input.query, results: [], page, firstNumber: 1, hasPrevious: false, hasNext: false, searched: false };
  if (!query) return { ...empty, problem: null };
  if (query.length > maxQueryLength) return { ...empty, problem: 'search_query_too_long' };
  const config = searchConfigOf(actor.network?.language ?? 'sv');
  // Two small look-ups at once: each is a round trip to the database before the search itself.
  const [hasWords, scope] = await Promise.all([queryHasWords(db, config, query), searchScopeOf(db, actor, now)]);
  if (!hasWords) return { ...empty, problem: 'search_no_words' };
  const hits = await searchReadable(db, scope, query, { limit: resultsPerPage + 1, offset: (page - 1) * resultsPerPage });
  return {
    query: input.query,
    problem: null,
    searched: true,
    results: hits.slice(0, resultsPerPage).map(resultOf),
    page,
    firstNumber: (page - 1) * resultsPerPage + 1,
    hasPrevious: page > 1,
    hasNext: hits.length > resultsPerPage && page < maxPage,
  };
}

/** What the actor may read, as the search query takes it (exported for the benchmark's EXPLAIN). */
export async function searchScopeOf(db: Db, actor: Actor, now = new Date()): Promise<SearchScope> {
  const networkId = networkFor(actor, 'search.run');
  const config = searchConfigOf(actor.network?.language ?? 'sv');
  const forums = await forumsForSearch(db, networkId);
  return {
    networkId,
    userId: actor.user.id,
    config,
    forumIds: forums.filter((forum) => authorize(actor, 'forum.read', forum)).map((forum) => forum.id),
    // The rule lets author and recipient read their own private replies (checked per row in SQL); this asks
    // whether the actor reads those of others too.
    readsAllPrivate: authorize(actor, 'forum.readPrivate', { authorId: null, recipientId: 0 }),
    seesBeforePosting: authorize(actor, 'forum.seeBeforePosting'),
    seesHiddenAssignments: authorize(actor, 'assignment.read', { visible: false }),
    now,
  };
}

function resultOf(hit: SearchHit): SearchResult {
  const base = { kind: hit.kind, title: hit.title, snippetHtml: highlightedHtml(hit.headline), at: hit.at };
  const forum = { forumKind: hit.forumKind, groupName: hit.groupName, meetingNumber: null, assignmentLetter: null };
  switch (hit.kind) {
    case 'post':
      return { ...base, path: `/forums/threads/${hit.threadId}?at=${hit.postNumber}#post-${hit.postNumber}`, where: forum };
    case 'thread':
      return { ...base, path: `/forums/threads/${hit.id}`, where: forum };
    case 'meeting':
      return { ...base, path: `/meetings/${hit.id}`, where: { ...forum, meetingNumber: hit.meetingNumber } };
    case 'assignment':
      return { ...base, path: `/assignments/${hit.id}`, where: { ...forum, assignmentLetter: hit.assignmentLetter } };
  }
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * The headline escaped first, then its sentinels (which the query removed from the text beforehand) turned into
 * <mark>: nothing written in a post can become markup.
 */
export function highlightedHtml(headline: string): string {
  const escaped = headline.replace(/[&<>"']/g, (c) => escapes[c]!);
  let open = false;
  let html = '';
  for (const char of escaped) {
    if (char === highlightStart && !open) {
      html += '<mark>';
      open = true;
    } else if (char === highlightStop && open) {
      html += '</mark>';
      open = false;
    } else if (char !== highlightStart && char !== highlightStop) html += char;
  }
  return open ? `${html}</mark>` : html;
}
