/**
 * Platform JWKS cache. ltijs fetches the platform's key set on every launch (16–30 ms against Moodle);
 * we keep each set for a while and refetch early only when a token names a key we have not seen
 * (key rotation), at most once per `minRefreshMs` so unknown kids cannot make us hammer the platform.
 */
export interface Jwk {
  kid?: string;
  [field: string]: unknown;
}

interface Entry {
  keys: Jwk[];
  fetchedAt: number;
}

export class JwksCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<Entry>>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly minRefreshMs = 30_000,
    private readonly timeoutMs = 5_000,
  ) {}

  /** The platform's keys, from the cache while fresh. */
  async keys(url: string): Promise<Jwk[]> {
    const entry = this.entries.get(url);
    if (entry && Date.now() - entry.fetchedAt < this.ttlMs) return entry.keys;
    return (await this.refresh(url)).keys;
  }

  /** Whether the key set holds `kid`, refetching once if it is not in the cached set. */
  async hasKid(url: string, kid: string): Promise<boolean> {
    const keys = await this.keys(url);
    if (keys.some((key) => key.kid === kid)) return true;
    const entry = this.entries.get(url);
    if (entry && Date.now() - entry.fetchedAt < this.minRefreshMs) return false;
    return (await this.refresh(url)).keys.some((key) => key.kid === kid);
  }

  forget(url?: string): void {
    if (url) this.entries.delete(url);
    else this.entries.clear();
  }

  private refresh(url: string): Promise<Entry> {
    const running = this.inflight.get(url);
    if (running) return running;
    const request = this.fetchKeys(url).finally(() => this.inflight.delete(url));
    this.inflight.set(url, request);
    return request;
  }

  private async fetchKeys(url: string): Promise<Entry> {
    const response = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs), headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`JWKS ${url} answered ${response.status}`);
    const body = (await response.json()) as { keys?: unknown };
    if (!Array.isArray(body.keys)) throw new Error(`JWKS ${url} has no keys`);
    const entry = { keys: body.keys as Jwk[], fetchedAt: Date.now() };
    this.entries.set(url, entry);
    return entry;
  }
}
