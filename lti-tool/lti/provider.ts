import { createRequire } from 'node:module';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Db } from '../db';
import { JwksCache } from './jwks-cache';
import { createLtijsStore, type LtijsStore } from './ltijs-store';

const require = createRequire(import.meta.url);

/** What ltijs hands to its launch callbacks (ltiaas mode): the verified id_token, split in two. */
export interface LtijsIdToken {
  iss: string;
  user: string;
  clientId: string;
  platformId: string;
  deploymentId: string;
  userInfo: { given_name?: string; family_name?: string; name?: string; email?: string };
  platformInfo?: Record<string, unknown>;
}
export interface LtijsContextToken {
  context?: { id: string; label?: string; title?: string; type?: string[] };
  resource?: { id: string; title?: string };
  messageType: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  version: string;
  deepLinkingSettings?: Record<string, unknown>;
  roles: unknown[];
  targetLinkUri?: string;
  custom?: Record<string, unknown>;
  launchPresentation?: { locale?: string; document_target?: string; return_url?: string };
  endpoint?: { lineitems?: string; lineitem?: string; scope?: string[] };
  namesRoles?: { context_memberships_url?: string };
  lis?: Record<string, unknown>;
  /** The users a Mentor launch is about (LTI 1.3 role_scope_mentor: user ids); ltijs drops the claim, we read it back. */
  roleScopeMentor?: string[];
}
export interface VerifiedLaunch {
  token: LtijsIdToken;
  context: LtijsContextToken;
}

/** ltijs's platform object: every getter is async. */
export interface LtijsPlatform {
  platformUrl(): Promise<string>;
  platformClientId(): Promise<string>;
  platformKid(): Promise<string>;
  platformPrivateKey(): Promise<string>;
  platformAccessTokenEndpoint(): Promise<string>;
  platformAuthorizationServer(): Promise<string>;
  platformActive(active?: boolean): Promise<boolean>;
  delete(): Promise<boolean>;
}

interface LtijsProvider {
  app: RequestHandler;
  setup(key: string, database: { plugin: unknown }, options: Record<string, unknown>): LtijsProvider;
  deploy(options: { serverless: boolean; silent: boolean }): Promise<boolean>;
  onConnect(callback: (token: LtijsIdToken, req: Request, res: Response, next: NextFunction) => unknown): void;
  onDeepLinking(callback: (token: LtijsIdToken, req: Request, res: Response, next: NextFunction) => unknown): void;
  onInvalidToken(callback: (req: Request, res: Response, next: NextFunction) => unknown): void;
  onSessionTimeout(callback: (req: Request, res: Response, next: NextFunction) => unknown): void;
  onUnregisteredPlatform(callback: (req: Request, res: Response) => unknown): void;
  onInactivePlatform(callback: (req: Request, res: Response) => unknown): void;
  registerPlatform(platform: Record<string, unknown>): Promise<LtijsPlatform>;
  getPlatform(url: string, clientId: string): Promise<LtijsPlatform | false>;
  deletePlatform(url: string, clientId: string): Promise<boolean>;
  DeepLinking: {
    createDeepLinkingMessage(idtoken: unknown, items: unknown[], options?: Record<string, unknown>): Promise<string>;
  };
}

export interface LtiHandlers {
  /** A launch whose id_token ltijs verified: record it and answer the browser. */
  onVerifiedLaunch(launch: VerifiedLaunch, req: Request, res: Response): Promise<void>;
  /** ltijs refused the launch; `reason` is its error code. */
  onRejectedLaunch(reason: string, next: NextFunction): void;
}

/**
 * ltijs is a process-wide singleton (setup() once, deploy() installs global handlers), so the runtime is
 * created once per process and each app binds its database and handlers to it. Tests create several apps
 * in one process, one after another; production creates one.
 */
export class LtiRuntime {
  readonly jwks = new JwksCache();
  private handlers: LtiHandlers | undefined;

  private constructor(
    readonly provider: LtijsProvider,
    readonly store: SwitchableStore,
  ) {}

  static async create(ltiKey: string, db: Db): Promise<LtiRuntime> {
    if (processRuntime) {
      if (processRuntime.key !== ltiKey) throw new Error('LTI_KEY cannot change within one process');
      processRuntime.runtime.store.use(createLtijsStore(db));
      return processRuntime.runtime;
    }
    const ltijs = require('ltijs') as { Provider: LtijsProvider };
    const store = new SwitchableStore(createLtijsStore(db));
    const provider = ltijs.Provider.setup(
      ltiKey,
      { plugin: store },
      {
        appRoute: '/',
        loginRoute: '/login',
        keysetRoute: '/keys',
        // ltiaas mode hands the verified launch to our callback in the same request instead of
        // redirecting with the ltik in the query string, where it would end up in logs and Referer headers.
        ltiaas: true,
        // id_tokens may be up to a minute old: platform clocks drift. Future iat is refused by our guard.
        tokenMaxAge: 60,
        cors: false,
        devMode: false,
      },
    );
    const runtime = new LtiRuntime(provider, store);
    runtime.installCallbacks();
    installJwksCache(runtime.jwks);
    const sigintBefore = new Set(process.listeners('SIGINT'));
    await provider.deploy({ serverless: true, silent: true });
    // deploy() adds a SIGINT handler that calls process.exit(); server.ts shuts down gracefully instead.
    for (const listener of process.listeners('SIGINT')) if (!sigintBefore.has(listener)) process.off('SIGINT', listener);
    processRuntime = { key: ltiKey, runtime };
    return runtime;
  }

  bind(handlers: LtiHandlers): void {
    this.handlers = handlers;
  }

  /** The ltijs Express app (Express 4), to be mounted only on the login, keys and launch routes. */
  get app(): RequestHandler {
    return this.provider.app;
  }

  private installCallbacks(): void {
    const verified = async (token: LtijsIdToken, req: Request, res: Response) => {
      const context = { ...(res.locals.context as LtijsContextToken), roleScopeMentor: roleScopeMentorOf(req) };
      await this.current().onVerifiedLaunch({ token, context }, req, res);
    };
    const rejected = (_req: Request, res: Response, next: NextFunction) => {
      const err = res.locals.err as { details?: { message?: string } } | undefined;
      this.current().onRejectedLaunch(err?.details?.message ?? 'INVALID_LAUNCH', next);
    };
    const wrap =
      (fn: (token: LtijsIdToken, req: Request, res: Response) => Promise<void>) =>
      (token: LtijsIdToken, req: Request, res: Response, next: NextFunction) =>
        fn(token, req, res).catch(next);
    this.provider.onConnect(wrap(verified));
    this.provider.onDeepLinking(wrap(verified));
    this.provider.onInvalidToken(rejected);
    this.provider.onSessionTimeout(rejected);
    // ltijs calls these two without `next`; our login guard refuses both cases before ltijs sees them.
    this.provider.onUnregisteredPlatform((req) => this.current().onRejectedLaunch('UNREGISTERED_PLATFORM', (error) => req.next?.(error)));
    this.provider.onInactivePlatform((req) => this.current().onRejectedLaunch('PLATFORM_NOT_ACTIVATED', (error) => req.next?.(error)));
  }

  private current(): LtiHandlers {
    if (!this.handlers) throw new Error('LTI runtime used before an app was bound to it');
    return this.handlers;
  }
}

let processRuntime: { key: string; runtime: LtiRuntime } | undefined;

/** Forwards ltijs's database calls to the store of the app currently bound. */
class SwitchableStore {
  constructor(private current: LtijsStore) {}
  use(store: LtijsStore): void {
    void this.current.Close();
    this.current = store;
    void store.setup();
  }
  get active(): LtijsStore {
    return this.current;
  }
  setup() { return this.current.setup(); }
  Close() { return this.current.Close(); }
  Get(...args: Parameters<LtijsStore['Get']>) { return this.current.Get(...args); }
  Insert(...args: Parameters<LtijsStore['Insert']>) { return this.current.Insert(...args); }
  Replace(...args: Parameters<LtijsStore['Replace']>) { return this.current.Replace(...args); }
  Modify(...args: Parameters<LtijsStore['Modify']>) { return this.current.Modify(...args); }
  Delete(...args: Parameters<LtijsStore['Delete']>) { return this.current.Delete(...args); }
  Encrypt(...args: Parameters<LtijsStore['Encrypt']>) { return this.current.Encrypt(...args); }
  Decrypt(...args: Parameters<LtijsStore['Decrypt']>) { return this.current.Decrypt(...args); }
}

/**
 * ltijs's Auth fetches the platform JWKS with `got.get(url).json()` and no options on every launch; its
 * HTTP client is a shared module, so answering those calls from our cache covers every launch.
 */
function installJwksCache(cache: JwksCache): void {
  const http = require('ltijs/dist/Utils/Http') as { get: (url: string, options?: unknown) => unknown };
  const originalGet = http.get.bind(http);
  http.get = (url: string, options?: unknown) => {
    if (options !== undefined) return originalGet(url, options);
    return { json: async () => ({ keys: await cache.keys(url) }) };
  };
}

/**
 * role_scope_mentor from the id_token ltijs has just verified in this same request (ltiaas mode), since
 * ltijs leaves it out of its context token. Canvas sends it with Mentor; Moodle core never does.
 */
function roleScopeMentorOf(req: Request): string[] {
  const idToken = (req.body as Record<string, unknown> | undefined)?.id_token;
  if (typeof idToken !== 'string') return [];
  try {
    const payload = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const scope = payload['https://purl.imsglobal.org/spec/lti/claim/role_scope_mentor'];
    return Array.isArray(scope) ? scope.filter((sub): sub is string => typeof sub === 'string' && sub.length <= 255).slice(0, 1000) : [];
  } catch {
    return [];
  }
}
