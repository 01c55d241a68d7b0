import { parseArgs } from 'node:util';
import { z, ZodError } from 'zod';
import { loadConfig } from '../config';
import { openDatabase } from '../db';
import { LtiRuntime } from '../lti/provider';
import { loadOrCreateSecret } from '../secrets';
import {
  addDeployment,
  allowNewDeployments,
  changePlatformStatus,
  listPlatforms,
  registerPlatformManually,
  removePlatform,
} from '../services/platforms';

const usage = `Usage: npm run platforms -- <command>
  list
  add --name N --issuer URL --client-id ID --auth-url URL --token-url URL --jwks-url URL [--deployment ID]... [--activate]
  activate <id> | deactivate <id> | remove <id>
  add-deployment <id> <deployment-id>
  allow-new-deployments <id> true|false`;

/** Platform registrations from the command line, with the same services as the admin page. */
async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      'auth-url': { type: 'string' },
      'token-url': { type: 'string' },
      'jwks-url': { type: 'string' },
      deployment: { type: 'string', multiple: true },
      activate: { type: 'boolean' },
    },
  });
  const [command, ...args] = positionals;
  if (!command) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const config = loadConfig();
  const ltiKey = loadOrCreateSecret(config.dataDir, 'lti-key', config.ltiKey).value;
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await database.migrate();
    const deps = { db: database.db, lti: await LtiRuntime.create(ltiKey, database.db) };
    const id = () => {
      const value = Number(args[0]);
      if (!Number.isInteger(value) || value <= 0) throw new Error(`"${args[0] ?? ''}" is not a platform id (see: list)`);
      return value;
    };
    switch (command) {
      case 'list':
        for (const p of await listPlatforms(deps.db)) {
          process.stdout.write(`${p.id}\t${p.status}\t${p.name}\t${p.issuer}\tclient_id=${p.clientId}\tdeployments=${p.deploymentIds.join(',') || '-'}\n`);
        }
        break;
      case 'add': {
        const platform = await registerPlatformManually(deps, {
          name: values.name,
          issuer: values.issuer,
          clientId: values['client-id'],
          authLoginUrl: values['auth-url'],
          accessTokenUrl: values['token-url'],
          jwksUrl: values['jwks-url'],
          deploymentIds: (values.deployment ?? []).join(','),
          activate: values.activate ?? false,
        });
        process.stdout.write(`registered platform ${platform.id} (${platform.status})\n`);
        break;
      }
      case 'activate':
      case 'deactivate':
        await changePlatformStatus(deps, id(), command === 'activate' ? 'active' : 'inactive');
        process.stdout.write(`platform ${id()} ${command}d\n`);
        break;
      case 'remove':
        await removePlatform(deps, id());
        process.stdout.write(`platform ${id()} removed\n`);
        break;
      case 'add-deployment':
        await addDeployment(deps, id(), args[1] ?? '');
        process.stdout.write(`deployment ${args[1] ?? ''} recorded\n`);
        break;
      case 'allow-new-deployments':
        await allowNewDeployments(deps, id(), args[1] === 'true');
        break;
      default:
        process.stdout.write(`${usage}\n`);
        process.exitCode = 2;
    }
  } finally {
    await database.close();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    const message = error instanceof ZodError ? z.prettifyError(error) : error instanceof Error ? error.message : String(error);
    process.stderr.write(`${message}\n`);
    process.exit(1);
  },
);
