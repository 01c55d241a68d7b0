import { createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Db } from '../db';
import type { LtiRuntime, LtijsPlatform } from './provider';

/** OAuth 2 scopes of the LTI Advantage services. */
export const serviceScopes = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  resultReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  memberships: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
} as const;

/** Media types. Moodle compares Accept and Content-Type as exact strings: no parameters may be added. */
export const serviceMediaTypes = {
  lineItem: 'application/vnd.ims.lis.v2.lineitem+json',
  lineItemContainer: 'application/vnd.ims.lis.v2.lineitemcontainer+json',
  score: 'application/vnd.ims.lis.v1.score+json',
  membershipContainer: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
} as const;

/** Which registration to act as: ltijs keeps one key pair per issuer and client id. */
export interface PlatformRef {
  issuer: string;
  clientId: string;
}

export type ServiceFailure = 'network' | 'timeout' | 'http' | 'token' | 'response' | 'config';

/** A failed call to a platform service; `retryable` says whether trying again later can help. */
export class ServiceError extends Error {
  constructor(
    readonly kind: ServiceFailure,
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    /** From a Retry-After header on 429/503. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** Network errors, timeouts, 408, 429 and 5xx are worth retrying; other 4xx will fail the same way again. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export interface ServiceRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  accept?: string;
  contentType?: string;
  body?: unknown;
}

export interface ServiceResponse<T = unknown> {
  status: number;
  /** Parsed JSON, or undefined for an empty body (Moodle answers a score with 200 and nothing). */
  body: T | undefined;
  links: Map<string, string>;
}

export interface ServiceClientOptions {
  /** Per HTTP request; a slow platform must not hold a request or a job for long. */
  timeoutMs?: number;
  /** A cached token is used until this long before it expires. */
  tokenMarginMs?: number;
  maxPages?: number;
  now?: () => number;
}

/** What the client needs from ltijs: the platform's key pair, kid and token endpoints. */
export interface PlatformSource {
  getPlatform(issuer: string, clientId: string): Promise<LtijsPlatform | false>;
}

interface CachedToken {
  value: Promise<string>;
  expiresAt: number;
}

const assertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * The one place that talks to platform LTI services: client-credentials tokens with a private_key_jwt
 * assertion (cached per registration and scope set), JSON requests with timeouts, and NRPS-style paging.
 */
export class ServiceClient {
  private readonly tokens = new Map<string, CachedToken>();
  private readonly timeoutMs: number;
  private readonly tokenMarginMs: number;
  private readonly maxPages: number;
  private readonly now: () => number;

  constructor(
    private readonly source: PlatformSource,
    options: ServiceClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.tokenMarginMs = options.tokenMarginMs ?? 60_000;
    this.maxPages = options.maxPages ?? 500;
    this.now = options.now ?? Date.now;
  }

  /** An access token for these scopes, from the cache while it has more than the margin left. */
  async accessToken(platform: PlatformRef, scopes: readonly string[]): Promise<string> {
    const key = [platform.issuer, platform.clientId, ...[...new Set(scopes)].sort()].join('\n');
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt - this.tokenMarginMs > this.now()) return cached.value;
    // The pending promise is cached too, so concurrent callers share one token request.
    const entry: CachedToken = { value: Promise.resolve(''), expiresAt: Number.POSITIVE_INFINITY };
    entry.value = this.requestToken(platform, scopes).then(
      ({ token, expiresInS }) => {
        entry.expiresAt = this.now() + expiresInS * 1000;
        return token;
      },
      (error: unknown) => {
        if (this.tokens.get(key) === entry) this.tokens.delete(key);
        throw error;
      },
    );
    this.tokens.set(key, entry);
    return entry.value;
  }

  /** Drops cached tokens (all, or one registration's), e.g. after the platform refused one. */
  forgetTokens(platform?: PlatformRef): void {
    if (!platform) {
      this.tokens.clear();
      return;
    }
    const prefix = `${platform.issuer}\n${platform.clientId}\n`;
    for (const key of this.tokens.keys()) if (key.startsWith(prefix)) this.tokens.delete(key);
  }

  /** One JSON request with a bearer token; a 401 gets one more try with a fresh token. */
  async request<T = unknown>(platform: PlatformRef, scopes: readonly string[], request: ServiceRequest): Promise<ServiceResponse<T>> {
    try {
      return await this.send<T>(await this.accessToken(platform, scopes), request);
    } catch (error) {
      if (!(error instanceof ServiceError) || error.status !== 401) throw error;
      // Platforms forget tokens (restart, revoked registration): a new token is worth one attempt.
      this.forgetTokens(platform);
      return this.send<T>(await this.accessToken(platform, scopes), request);
    }
  }

  /** GETs `url` and every page its `Link: <…>; rel="next"` headers lead to, same origin only. */
  async getPages<T = unknown>(platform: PlatformRef, scopes: readonly string[], url: string, accept: string): Promise<T[]> {
    const origin = new URL(url).origin;
    const seen = new Set<string>();
    const pages: T[] = [];
    let next: string | undefined = url;
    while (next !== undefined) {
      if (seen.has(next)) break;
      if (seen.size >= this.maxPages) throw new ServiceError('response', `more than ${this.maxPages} pages at ${url}`, false);
      seen.add(next);
      const page: ServiceResponse<T> = await this.request<T>(platform, scopes, { url: next, accept });
      if (page.body === undefined) throw new ServiceError('response', `empty page at ${next}`, false, page.status);
      pages.push(page.body);
      next = page.links.get('next');
      // The bearer token must never be sent to a host the first URL did not name.
      if (next !== undefined && new URL(next, url).origin !== origin) {
        throw new ServiceError('response', `next page on another origin: ${next}`, false);
      }
      if (next !== undefined) next = new URL(next, url).toString();
    }
    return pages;
  }

  private async send<T>(token: string, request: ServiceRequest): Promise<ServiceResponse<T>> {
    const method = request.method ?? 'GET';
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (request.accept) headers.accept = request.accept;
    if (request.body !== undefined) headers['content-type'] = request.contentType ?? 'application/json';
    const response = await this.fetch(request.url, {
      method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    });
    const text = await this.readText(response, request.url);
    if (!response.ok) throw httpError(`${method} ${request.url}`, response, text);
    let body: T | undefined;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text) as T;
      } catch {
        throw new ServiceError('response', `${method} ${request.url} answered ${response.status} with a body that is not JSON`, false, response.status);
      }
    }
    return { status: response.status, body, links: parseLinkHeader(response.headers.get('link')) };
  }

  private async requestToken(platform: PlatformRef, scopes: readonly string[]): Promise<{ token: string; expiresInS: number }> {
    const registration = await this.source.getPlatform(platform.issuer, platform.clientId);
    if (!registration) {
      throw new ServiceError('config', `no ltijs registration for ${platform.issuer} / ${platform.clientId}`, false);
    }
    const tokenUrl = await registration.platformAccessTokenEndpoint();
    const assertion = await signClientAssertion(registration, platform.clientId, this.now());
    const response = await this.fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: assertionType,
        client_assertion: assertion,
        scope: [...new Set(scopes)].join(' '),
      }).toString(),
    });
    const text = await this.readText(response, tokenUrl);
    if (!response.ok) {
      const error = httpError(`token request to ${tokenUrl}`, response, text);
      throw new ServiceError('token', error.message, error.retryable, error.status, error.retryAfterMs);
    }
    let json: { access_token?: unknown; expires_in?: unknown };
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      throw new ServiceError('token', `token response from ${tokenUrl} is not JSON`, false, response.status);
    }
    if (typeof json.access_token !== 'string' || json.access_token === '') {
      throw new ServiceError('token', `token response from ${tokenUrl} has no access_token`, false, response.status);
    }
    const expiresInS = Number(json.expires_in);
    return { token: json.access_token, expiresInS: Number.isFinite(expiresInS) && expiresInS > 0 ? expiresInS : 300 };
  }

  private async fetch(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw transportError(`${init.method ?? 'GET'} ${url}`, error, this.timeoutMs);
    }
  }

  private async readText(response: Response, url: string): Promise<string> {
    try {
      return await response.text();
    } catch (error) {
      throw transportError(`reading ${url}`, error, this.timeoutMs);
    }
  }
}

const clients = new WeakMap<LtiRuntime, ServiceClient>();

/** The process's client for this runtime, so every caller shares one token cache. */
export function serviceClientFor(lti: LtiRuntime): ServiceClient {
  let client = clients.get(lti);
  if (!client) {
    client = new ServiceClient(lti.provider);
    clients.set(lti, client);
  }
  return client;
}

/** What the grade and roster services need to reach a platform. */
export interface ServiceDeps {
  db: Db;
  lti: LtiRuntime;
  /** Defaults to the runtime's shared client (one token cache per process). */
  services?: ServiceClient;
  now?: () => Date;
}

export const clientOf = (deps: ServiceDeps): ServiceClient => deps.services ?? serviceClientFor(deps.lti);

/** The client assertion (RFC 7523): signed with the key pair ltijs made for this registration. */
async function signClientAssertion(registration: LtijsPlatform, clientId: string, nowMs: number): Promise<string> {
  const [pem, kid, audience] = await Promise.all([
    registration.platformPrivateKey(),
    registration.platformKid(),
    registration.platformAuthorizationServer(),
  ]);
  let key: KeyObject;
  try {
    // ltijs stores PKCS#1 ("BEGIN RSA PRIVATE KEY"); createPrivateKey reads that and PKCS#8 alike.
    key = createPrivateKey(pem);
  } catch {
    throw new ServiceError('config', `the private key of ${clientId} cannot be read`, false);
  }
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(audience || (await registration.platformAccessTokenEndpoint()))
    .setJti(randomBytes(16).toString('hex'))
    .setIssuedAt(iat)
    .setExpirationTime(iat + 60)
    .sign(key);
}

function httpError(what: string, response: Response, body: string): ServiceError {
  const retryable = isRetryableStatus(response.status);
  const detail = body.replace(/\s+/g, ' ').trim().slice(0, 300);
  const message = `${what} answered ${response.status}${detail ? `: ${detail}` : ''}`;
  return new ServiceError('http', message, retryable, response.status, retryAfterMs(response.headers.get('retry-after')));
}

function transportError(what: string, error: unknown, timeoutMs: number): ServiceError {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ServiceError('timeout', `${what} took longer than ${timeoutMs} ms`, true);
  }
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const reason = typeof cause?.code === 'string' ? cause.code : error instanceof Error ? error.message : String(error);
  return new ServiceError('network', `${what} failed: ${reason}`, true);
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * `Link: <url>; rel="next", <url>; rel="last"` → rel → url. Tolerates unquoted rels, several rels in one
 * value, and the typographic quotes Moodle writes in its line-items Link header (rel=“next”).
 */
export function parseLinkHeader(header: string | null | undefined): Map<string, string> {
  const links = new Map<string, string>();
  if (!header) return links;
  for (const match of header.matchAll(/<([^>]*)>([^<]*)/g)) {
    const url = match[1] ?? '';
    const rel = /(?:^|;)\s*rel\s*=\s*["“”']?([^"“”';,]+)["“”']?/i.exec(match[2] ?? '');
    if (!rel?.[1]) continue;
    for (const name of rel[1].trim().toLowerCase().split(/\s+/)) if (!links.has(name)) links.set(name, url);
  }
  return links;
}

/** Adds a path segment before the query string: Moodle's line item URLs end in `?type_id=…`. */
export function appendPath(url: string, segment: string): string {
  const parsed = new URL(url);
  parsed.pathname = `${parsed.pathname.replace(/\/+$/, '')}/${segment}`;
  return parsed.toString();
}

/** Sets query parameters, keeping the ones the URL already has. */
export function withQuery(url: string, params: Record<string, string | undefined>): string {
  const parsed = new URL(url);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) parsed.searchParams.set(name, value);
  return parsed.toString();
}
