import type { Logger } from 'pino';
import type { Config } from '../../config';
import type { Db } from '../../db';
import type { LtiRuntime } from '../../lti/provider';
import type { FileStore } from '../../files/file-store';

/** What every router is built from: handed in by app.ts, so no route imports the app or another route. */
export interface AppDeps {
  config: Config;
  db: Db;
  logger: Logger;
  lti: LtiRuntime;
  /** Uploaded documents and presentations, outside any static route. */
  files: FileStore;
  /** Secret that guards the admin page and CLI-equivalent routes. */
  adminToken: string;
  /** Called when a leader's launch finds the roster older than its configured age. */
  onStaleRoster?: (contextId: number) => void;
}
