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
}

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const optionalText = z
  .string()
  .transform((value) => value.trim())
  .transform((value) => (value === '' ? undefined : value));

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
});

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
  };
}

export function isHttps(config: Pick<Config, 'publicUrl'>): boolean {
  return config.publicUrl.startsWith('https://');
}
