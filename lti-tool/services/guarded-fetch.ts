import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { AddressPolicy } from './public-addresses';

/** Why an outgoing request failed: for the log only, never shown to the caller. */
export class FetchRefused extends Error {}

export interface GuardedFetchOptions {
  policy: AddressPolicy;
  timeoutMs: number;
  maxBytes: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

/**
 * Fetches a JSON document from a URL a stranger gave us, without letting the stranger aim us anywhere:
 * every address the host name resolves to must pass the policy, and the connection goes to the checked
 * address (DNS cannot answer differently a second time); no redirects; the answer is cut off at
 * `maxBytes` while it streams, and the whole exchange at `timeoutMs`.
 */
export async function fetchJsonGuarded(url: string, options: GuardedFetchOptions): Promise<unknown> {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new FetchRefused(`${url}: scheme not allowed`);
  if (target.username || target.password) throw new FetchRefused(`${url}: credentials in URL`);
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const address = await checkedAddress(target.hostname, options.policy, deadline);
  const text = await request(target, address, options, deadline);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new FetchRefused(`${url}: answer is not JSON`);
  }
}

/** Whether a URL we will store (and fetch later) names a host whose every address the policy permits. */
export async function checkUrlHost(url: string, policy: AddressPolicy, timeoutMs: number): Promise<void> {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new FetchRefused(`${url}: scheme not allowed`);
  await checkedAddress(target.hostname, policy, AbortSignal.timeout(timeoutMs));
}

async function checkedAddress(hostname: string, policy: AddressPolicy, deadline: AbortSignal): Promise<{ address: string; family: number }> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const family = isIP(host);
  const addresses = family ? [{ address: host, family }] : await withDeadline(lookup(host, { all: true, verbatim: true }), deadline);
  if (addresses.length === 0) throw new FetchRefused(`${host}: no address`);
  const refused = addresses.filter((entry) => !policy.permits(entry.address));
  if (refused.length > 0) throw new FetchRefused(`${host}: address not allowed (${refused.map((entry) => entry.address).join(', ')})`);
  return addresses[0]!;
}

function request(target: URL, pinned: { address: string; family: number }, options: GuardedFetchOptions, deadline: AbortSignal): Promise<string> {
  // The socket connects to the address we checked, whatever the resolver would say now; TLS still checks the host name.
  const pinnedLookup: LookupFunction = (_hostname, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all) (callback as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: options.method ?? 'GET',
        headers: { accept: 'application/json', ...options.headers },
        lookup: pinnedLookup,
        agent: false,
        signal: deadline,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          res.destroy();
          reject(new FetchRefused(`${target.href} answered ${status}${status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) {
            res.destroy();
            req.destroy();
            reject(new FetchRefused(`${target.href}: answer larger than ${options.maxBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.on('error', (error) => reject(new FetchRefused(`${target.href}: ${error.message}`)));
        res.on('close', () => {
          if (!res.complete) reject(new FetchRefused(`${target.href}: ${deadline.aborted ? 'timed out' : 'answer cut short'}`));
        });
      },
    );
    req.on('error', (error) => reject(new FetchRefused(`${target.href}: ${deadline.aborted ? 'timed out' : error.message}`)));
    if (options.body !== undefined) req.end(options.body);
    else req.end();
  });
}

function withDeadline<T>(promise: Promise<T>, deadline: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new FetchRefused('timed out resolving the host name'));
    if (deadline.aborted) onAbort();
    deadline.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => deadline.removeEventListener('abort', onAbort));
  });
}
