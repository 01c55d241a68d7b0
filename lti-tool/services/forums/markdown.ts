import MarkdownIt, { type Token } from 'markdown-it';

/**
 * Posts are Markdown written by any member and read by everyone in the forum, so the renderer is the line of
 * defence: raw HTML off; links only to http(s), mailto, the tool's own pages (relative paths) and mentions;
 * external links open apart and tell the target nothing; images are never fetched (a tracking pixel or a
 * picture from anywhere) but shown as a link; mentions show the stored person's name, escaped.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true });

/** Stands for the reader's session base in rendered HTML, which is cached for all readers. */
export const baseMarker = '\u0000base\u0000';

const mentionHref = /^#user-(\d{1,9})$/;
const postHref = /^#post-\d{1,9}$/;
const toolPath = /^\/(?![/\\])[^\s]*$/;

markdown.validateLink = (url: string) => /^(https?:|mailto:)/i.test(url) || toolPath.test(url) || mentionHref.test(url) || postHref.test(url);

/** What a post points to within the tool, for the cards shown under it. */
export interface ToolLink {
  path: string;
}

interface RenderEnv {
  mentions: ReadonlyMap<number, string>;
  links: ToolLink[];
}

const attr = (token: Token, name: string) => String(token.attrGet(name) ?? '');

/** A stored handle-free path, under the reader's own session when shown. */
const toolHref = (path: string) => `${baseMarker}${path}`;

const isToolPath = (href: string) => toolPath.test(href);

markdown.renderer.rules.link_open = (tokens, index, options, renderEnv, self) => {
  const env = renderEnv as unknown as RenderEnv;
  const token = tokens[index]!;
  const href = attr(token, 'href');
  if (isToolPath(href)) {
    env.links.push({ path: href });
    token.attrSet('href', toolHref(href));
  } else if (!href.startsWith('#')) {
    token.attrSet('target', '_blank');
    token.attrSet('rel', 'nofollow noopener noreferrer ugc');
  }
  return self.renderToken(tokens, index, options);
};

// An image is shown as a link to it, so no reader's browser fetches anything from outside while reading.
markdown.renderer.rules.image = (tokens, index, _options, renderEnv) => {
  const env = renderEnv as unknown as RenderEnv;
  const token = tokens[index]!;
  const src = attr(token, 'src');
  const label = markdown.utils.escapeHtml(token.content || src);
  if (isToolPath(src)) {
    env.links.push({ path: src });
    return `<a href="${markdown.utils.escapeHtml(toolHref(src))}">${label}</a>`;
  }
  return `<a href="${markdown.utils.escapeHtml(src)}" target="_blank" rel="nofollow noopener noreferrer ugc">🖼 ${label}</a>`;
};

markdown.renderer.rules.forum_mention = (tokens, index, _options, renderEnv) => {
  const env = renderEnv as unknown as RenderEnv;
  const token = tokens[index]!;
  const userId = Number((token.meta as { userId: string }).userId);
  const name = env.mentions.get(userId);
  if (name === undefined) return markdown.utils.escapeHtml(`@${token.content}`);
  return `<span class="mention" data-user-id="${userId}">@${markdown.utils.escapeHtml(name)}</span>`;
};

/**
 * `@[Name](#user-12)` becomes one mention token: the name shown is the stored person's, never the text
 * typed between the brackets, and an id that was not resolved when saved shows as plain text.
 */
markdown.core.ruler.push('forum_mentions', (state) => {
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const children: Token[] = [];
    const source = block.children;
    for (let i = 0; i < source.length; i += 1) {
      const token = source[i]!;
      const match = token.type === 'link_open' ? mentionHref.exec(attr(token, 'href')) : null;
      const previous = children[children.length - 1];
      if (!match || !previous || previous.type !== 'text' || !previous.content.endsWith('@')) {
        children.push(token);
        continue;
      }
      let text = '';
      let j = i + 1;
      for (; j < source.length && source[j]!.type !== 'link_close'; j += 1) text += source[j]!.content;
      previous.content = previous.content.slice(0, -1);
      const mention = new state.Token('forum_mention', '', 0);
      mention.meta = { userId: match[1] };
      mention.content = text;
      children.push(mention);
      i = j;
    }
    block.children = children;
  }
});

export interface RenderedPost {
  /** HTML with `baseMarker` where the reader's session base goes. */
  html: string;
  links: ToolLink[];
}

export function renderPostMarkdown(body: string, mentions: ReadonlyMap<number, string>): RenderedPost {
  const env: RenderEnv = { mentions, links: [] };
  return { html: markdown.render(body, env as unknown as Record<string, unknown>), links: env.links };
}

/** The people a post's text mentions by id (resolved against who may read the thread before they are stored). */
export function mentionedIdsOf(body: string): number[] {
  const ids = new Set<number>();
  for (const match of body.matchAll(/@\[[^\]\n]*\]\(#user-(\d{1,9})\)/g)) ids.add(Number(match[1]));
  return [...ids];
}

/** Links copied from the address bar carry the copier's session; the stored post keeps only the tool's own path. */
export function withoutSessionPaths(body: string): string {
  return body.replace(/\]\((?:https?:\/\/[^\s/)]+)?\/l\/[\w-]+\//g, '](/');
}

/** Rendered posts by id and version, bounded: a 500-post thread is not rendered 500 times per reader. */
const cache = new Map<string, RenderedPost>();
const cacheLimit = 5_000;

export function renderPostCached(postId: number, version: Date | null, body: string, mentions: ReadonlyMap<number, string>): RenderedPost {
  const key = `${postId}:${version?.getTime() ?? 0}:${[...mentions].map(([id, name]) => `${id}=${name}`).join(',')}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const rendered = renderPostMarkdown(body, mentions);
  cache.set(key, rendered);
  if (cache.size > cacheLimit) cache.delete(cache.keys().next().value!);
  return rendered;
}

/** The rendered HTML for one reader: their session base in the tool's own links. */
export const htmlForReader = (rendered: RenderedPost, base: string) => rendered.html.replaceAll(baseMarker, base);
