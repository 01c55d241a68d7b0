// A minimal browser for LTI flows: Node's fetch without automatic redirects, its own cookie jar, and just
// enough HTML to submit the auto-posting forms of an OIDC launch. Light enough for concurrent benchmarks.
import type { TestPlatform } from './platform';
import type { LaunchSpec, ToolRegistration } from './platform-types';

export interface StoredCookie {
  name: string;
  value: string;
  /** Host (no port: browsers ignore ports for cookies) or the Domain attribute without its leading dot. */
  domain: string;
  hostOnly: boolean;
  path: string;
  expires?: Date;
  secure: boolean;
  httpOnly: boolean;
  sameSite?: string;
  partitioned: boolean;
  /** The Set-Cookie line as received. */
  raw: string;
}

/** Browsers treat loopback hosts as secure contexts, so Secure cookies work on http://127.0.0.1. */
function isSecureContext(url: URL): boolean {
  return url.protocol === 'https:' || ['localhost', '[::1]'].includes(url.hostname) || url.hostname.startsWith('127.');
}

function domainMatches(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

function defaultPath(url: URL): string {
  const slash = url.pathname.lastIndexOf('/');
  return slash <= 0 ? '/' : url.pathname.slice(0, slash);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

/** Cookies per domain, keyed by name; honours Max-Age/Expires deletions like a browser. */
export class CookieJar {
  private readonly byDomain = new Map<string, Map<string, StoredCookie>>();

  /** Stores one Set-Cookie line received from `url`; returns the cookie, or undefined if refused/deleted. */
  store(url: URL, line: string): StoredCookie | undefined {
    const cookie = parseSetCookie(url, line);
    // Chromium refuses Secure cookies from insecure origins and SameSite=None without Secure.
    if (!cookie || (cookie.secure && !isSecureContext(url))) return undefined;
    if (cookie.sameSite?.toLowerCase() === 'none' && !cookie.secure) return undefined;
    if (!domainMatches(url.hostname, cookie.domain)) return undefined;
    const cookies = this.byDomain.get(cookie.domain) ?? new Map<string, StoredCookie>();
    this.byDomain.set(cookie.domain, cookies);
    if (cookie.expires && cookie.expires.getTime() <= Date.now()) {
      cookies.delete(cookie.name);
      return undefined;
    }
    cookies.set(cookie.name, cookie);
    return cookie;
  }

  /** Every live cookie a request to `url` would carry (all live cookies without `url`). */
  list(url?: string | URL): StoredCookie[] {
    const target = url === undefined ? undefined : new URL(url);
    const now = Date.now();
    const out: StoredCookie[] = [];
    for (const cookies of this.byDomain.values()) {
      for (const c of cookies.values()) {
        if (c.expires && c.expires.getTime() <= now) continue;
        if (target && !this.sendsTo(c, target)) continue;
        out.push(c);
      }
    }
    return out;
  }

  get(host: string, name: string): StoredCookie | undefined {
    return this.list().find((c) => c.name === name && domainMatches(host, c.domain));
  }

  /** The Cookie request header for `url`, or '' (SameSite is not enforced: flows here are same-site). */
  header(url: URL): string {
    return this.list(url)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  clear(): void {
    this.byDomain.clear();
  }

  private sendsTo(c: StoredCookie, url: URL): boolean {
    const hostOk = c.hostOnly ? url.hostname === c.domain : domainMatches(url.hostname, c.domain);
    return hostOk && pathMatches(url.pathname, c.path) && (!c.secure || isSecureContext(url));
  }
}

function parseSetCookie(url: URL, line: string): StoredCookie | undefined {
  const [pair = '', ...attributes] = line.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return undefined;
  const cookie: StoredCookie = {
    name: pair.slice(0, eq).trim(),
    value: pair.slice(eq + 1).trim(),
    domain: url.hostname,
    hostOnly: true,
    path: defaultPath(url),
    secure: false,
    httpOnly: false,
    partitioned: false,
    raw: line,
  };
  let maxAge: number | undefined;
  for (const attribute of attributes) {
    const [rawKey = '', ...rest] = attribute.split('=');
    const key = rawKey.trim().toLowerCase();
    const value = rest.join('=').trim();
    if (key === 'expires' && !Number.isNaN(Date.parse(value))) cookie.expires = new Date(value);
    else if (key === 'max-age' && /^-?\d+$/.test(value)) maxAge = Number(value);
    else if (key === 'domain' && value !== '') [cookie.domain, cookie.hostOnly] = [value.replace(/^\./, '').toLowerCase(), false];
    else if (key === 'path' && value.startsWith('/')) cookie.path = value;
    else if (key === 'secure') cookie.secure = true;
    else if (key === 'httponly') cookie.httpOnly = true;
    else if (key === 'samesite') cookie.sameSite = value;
    else if (key === 'partitioned') cookie.partitioned = true;
  }
  // Max-Age wins over Expires; zero or negative deletes the cookie.
  if (maxAge !== undefined) cookie.expires = new Date(maxAge <= 0 ? 0 : Date.now() + maxAge * 1000);
  return cookie;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, entity: string) => {
    if (entity[0] !== '#') return NAMED_ENTITIES[entity.toLowerCase()] ?? all;
    const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}

function parseAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const m of source.matchAll(/([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    const name = (m[1] ?? '').toLowerCase();
    if (!(name in attributes)) attributes[name] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attributes;
}

export interface ParsedForm {
  action: string;
  method: 'GET' | 'POST';
  fields: Array<[string, string]>;
}

const UNSUBMITTED_INPUTS = new Set(['submit', 'button', 'image', 'reset', 'file', 'checkbox', 'radio']);

/** The first <form> of a page: resolved action and the named inputs a browser would submit. */
export function parseForm(html: string, baseUrl: string): ParsedForm | undefined {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form\s*>/i.exec(html);
  if (!form) return undefined;
  const attributes = parseAttributes(form[1] ?? '');
  const fields: Array<[string, string]> = [];
  for (const input of (form[2] ?? '').matchAll(/<input\b([^>]*)>/gi)) {
    const a = parseAttributes(input[1] ?? '');
    if (a.name && !UNSUBMITTED_INPUTS.has((a.type ?? 'text').toLowerCase())) fields.push([a.name, a.value ?? '']);
  }
  return {
    action: new URL(attributes.action ?? '', baseUrl).toString(),
    method: attributes.method?.toLowerCase() === 'get' ? 'GET' : 'POST',
    fields,
  };
}

export interface LaunchResult {
  /** The final response; its body has been read into `body`. */
  response: Response;
  body: string;
  url: string;
  /** "METHOD url -> status" for every request made. */
  steps: string[];
}

const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 LtiBrowser';

export class LtiBrowser {
  cookies = new CookieJar();
  /** Raw Set-Cookie lines of the last response. */
  lastSetCookieHeaders: string[] = [];

  /** One request: sends and stores cookies, never follows redirects. */
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const cookie = this.cookies.header(target);
    if (cookie) headers.set('cookie', cookie);
    if (!headers.has('user-agent')) headers.set('user-agent', USER_AGENT);
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    this.lastSetCookieHeaders = response.headers.getSetCookie();
    for (const line of this.lastSetCookieHeaders) this.cookies.store(target, line);
    return response;
  }

  /** Follows 3xx responses with GET, as browsers do after a form post. */
  follow(res: Response, maxRedirects = 10): Promise<Response> {
    return this.followRecording(res, maxRedirects, []);
  }

  /** Parses the first form of `html` and submits it (urlencoded POST unless the form says GET). */
  submitForm(html: string, baseUrl: string): Promise<Response> {
    const form = parseForm(html, baseUrl);
    if (!form) throw new Error(`no <form> in the page from ${baseUrl}`);
    return this.sendForm(form, baseUrl, []);
  }

  /**
   * A full launch: login initiation at the tool (GET or POST) → redirects to the platform's auth.php →
   * the auto-posted id_token form → the tool's redirects → the first page.
   */
  async launch(
    tool: ToolRegistration,
    platform: TestPlatform,
    spec?: LaunchSpec,
    opts: { method?: 'GET' | 'POST' } = {},
  ): Promise<LaunchResult> {
    const steps: string[] = [];
    const { loginParams } = platform.prepareLaunch(tool, spec);
    let response = await this.initiateLogin(tool.loginUrl, loginParams, opts.method ?? 'GET', steps);
    response = await this.followRecording(response, 10, steps);
    let body = await response.text();
    const form = response.status === 200 && response.url.startsWith(platform.authUrl) ? parseForm(body, response.url) : undefined;
    if (form) {
      response = await this.followRecording(await this.sendForm(form, response.url, steps), 10, steps);
      body = await response.text();
    }
    return { response, body, url: response.url, steps };
  }

  private async initiateLogin(loginUrl: string, params: Record<string, string>, method: 'GET' | 'POST', steps: string[]) {
    if (method === 'POST') {
      return this.recorded(steps, loginUrl, { method: 'POST', body: new URLSearchParams(params) });
    }
    const url = new URL(loginUrl);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return this.recorded(steps, url.toString());
  }

  private sendForm(form: ParsedForm, pageUrl: string, steps: string[]): Promise<Response> {
    const body = new URLSearchParams(form.fields);
    if (form.method === 'GET') {
      const url = new URL(form.action);
      url.search = body.toString();
      return this.recorded(steps, url.toString());
    }
    // Browsers send the page's origin with a form post.
    return this.recorded(steps, form.action, { method: 'POST', body, headers: { origin: new URL(pageUrl).origin } });
  }

  private async recorded(steps: string[], url: string, init?: RequestInit): Promise<Response> {
    const response = await this.request(url, init);
    steps.push(`${init?.method ?? 'GET'} ${url} -> ${response.status}`);
    return response;
  }

  private async followRecording(res: Response, maxRedirects: number, steps: string[]): Promise<Response> {
    let current = res;
    for (let hops = 0; current.status >= 300 && current.status < 400; hops++) {
      const location = current.headers.get('location');
      if (!location) break;
      if (hops >= maxRedirects) throw new Error(`more than ${maxRedirects} redirects, last ${current.url}`);
      const next = new URL(location, current.url).toString();
      await current.body?.cancel(); // free the connection for reuse
      current = await this.recorded(steps, next);
    }
    return current;
  }
}
