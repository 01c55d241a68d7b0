import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/** Every setting the tool reads from its environment. Documented in README.md and .env.example. */
export interface Config {
  port: number;
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  uploadsDir: string;
  ltiKey: string | undefined;
  adminToken: string | undefined;
  autoActivatePlatforms: boolean;
  /** Private or special networks (CIDR) registration may fetch from; public addresses are always allowed. */
  registrationAllowedNetworks: string[];
  /** Refuse registrations that do not come through a link minted in /admin. */
  registrationRequireLink: boolean;
  /** Total time for each request the registration makes to the platform. */
  registrationTimeoutMs: number;
  /** Registration attempts per client address per 15 minutes. */
  registrationRateLimit: number;
  rosterMaxAgeMinutes: number;
  trustProxy: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Outgoing mail; null when no SMTP server is configured (mail is off, the tool says so). */
  mail: MailConfig | null;
}

export interface MailConfig {
  smtp: { host: string; port: number; secure: boolean; user: string | undefined; password: string | undefined };
  /** The sender of every mail (an address, optionally with a display name). */
  from: string;
  /** Replies by e-mail: Reply-To is `<local>+<token>@<domain>`, received by the tool's own SMTP server on `port`. */
  inbound: { local: string; domain: string; port: number } | null;
}

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const optionalText = z
  .string()
  .transform((value) => value.trim())
  .transform((value) => (value === '' ? undefined : value));

/** An empty variable (`SMTP_PORT=` in an .env file) means unset. */
const blankAsUnset = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: optionalText
    .pipe(z.url({ protocol: /^https?$/ }).optional())
    .optional(),
  DATABASE_URL: optionalText
    .pipe(z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional())
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  UPLOADS_DIR: z.string().min(1).default('./uploads'),
  LTI_KEY: optionalText.pipe(z.string().min(32, 'must be at least 32 characters').optional()).optional(),
  ADMIN_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()).optional(),
  AUTO_ACTIVATE_PLATFORMS: booleanFlag.default(false),
  REGISTRATION_ALLOWED_NETWORKS: z
    .string()
    .default('')
    .transform((value) => value.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(z.string().refine(isCidr, 'must be a list of networks such as 10.0.0.0/8, ::1/128'))),
  REGISTRATION_REQUIRE_LINK: booleanFlag.default(false),
  REGISTRATION_TIMEOUT_SECONDS: z.coerce.number().positive().max(60).default(5),
  REGISTRATION_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  ROSTER_MAX_AGE_MINUTES: z.coerce.number().int().min(0).default(60),
  TRUST_PROXY: booleanFlag.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMTP_URL: optionalText.pipe(z.url({ protocol: /^smtps?$/ }).optional()).optional(),
  SMTP_HOST: optionalText.optional(),
  SMTP_PORT: z.preprocess(blankAsUnset, z.coerce.number().int().min(1).max(65535).optional()),
  SMTP_USER: optionalText.optional(),
  SMTP_PASSWORD: optionalText.optional(),
  SMTP_SECURE: booleanFlag.optional(),
  MAIL_FROM: optionalText.pipe(z.string().refine(isMailbox, 'must be an e-mail address, optionally as "Name <address>"').optional()).optional(),
  INBOUND_ADDRESS: optionalText.pipe(z.email().optional()).optional(),
  INBOUND_SMTP_PORT: z.preprocess(blankAsUnset, z.coerce.number().int().min(0).max(65535).optional()),
});

/** "address" or "Name <address>", with no line breaks (it becomes a header). */
export function isMailbox(value: string): boolean {
  if (/[\r\n]/.test(value)) return false;
  const address = /<([^<>]+)>\s*$/.exec(value)?.[1] ?? value;
  return z.email().safeParse(address.trim()).success;
}

function mailConfigOf(e: z.infer<typeof environmentSchema>): MailConfig | null {
  if (!e.SMTP_URL && !e.SMTP_HOST) return null;
  if (!e.MAIL_FROM) throw new ConfigError('Invalid configuration:\n  MAIL_FROM: required when SMTP_URL or SMTP_HOST is set');
  let smtp: MailConfig['smtp'];
  if (e.SMTP_URL) {
    const url = new URL(e.SMTP_URL);
    const secure = url.protocol === 'smtps:';
    smtp = {
      host: url.hostname,
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      secure,
      user: url.username ? decodeURIComponent(url.username) : undefined,
      password: url.password ? decodeURIComponent(url.password) : undefined,
    };
  } else {
    const secure = e.SMTP_SECURE ?? e.SMTP_PORT === 465;
    smtp = { host: e.SMTP_HOST!, port: e.SMTP_PORT ?? (secure ? 465 : 587), secure, user: e.SMTP_USER, password: e.SMTP_PASSWORD };
  }
  let inbound: MailConfig['inbound'] = null;
  if (e.INBOUND_ADDRESS && e.INBOUND_SMTP_PORT !== undefined) {
    const at = e.INBOUND_ADDRESS.lastIndexOf('@');
    inbound = { local: e.INBOUND_ADDRESS.slice(0, at).split('+')[0]!, domain: e.INBOUND_ADDRESS.slice(at + 1).toLowerCase(), port: e.INBOUND_SMTP_PORT };
  }
  return { smtp, from: e.MAIL_FROM, inbound };
}

/** "address/prefix" with a valid IPv4 or IPv6 address and prefix length; a bare address means one host. */
export function isCidr(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

export class ConfigError extends Error {}

/** Parses the environment once; a wrong value stops start-up with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    publicUrl,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    uploadsDir: path.resolve(e.UPLOADS_DIR),
    ltiKey: e.LTI_KEY,
    adminToken: e.ADMIN_TOKEN,
    autoActivatePlatforms: e.AUTO_ACTIVATE_PLATFORMS,
    registrationAllowedNetworks: e.REGISTRATION_ALLOWED_NETWORKS,
    registrationRequireLink: e.REGISTRATION_REQUIRE_LINK,
    registrationTimeoutMs: Math.round(e.REGISTRATION_TIMEOUT_SECONDS * 1000),
    registrationRateLimit: e.REGISTRATION_RATE_LIMIT,
    rosterMaxAgeMinutes: e.ROSTER_MAX_AGE_MINUTES,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    mail: mailConfigOf(e),
  };
}

export function isHttps(config: Pick<Config, 'publicUrl'>): boolean {
  return config.publicUrl.startsWith('https://');
}
