// AGS scores and results (Moodle's scores and results resources): validation, the gradebook's
// "earlier timestamp" refusal, and the results view of what was posted.
import type { Express, Request, Response } from 'express';
import type { TestPlatform } from './platform';
import { LINEITEMS_PATH, requireType, withItem } from './platform-ags';
import { failureGate, isNumeric, param, parseJson, rawBody, requireFormats, requireToken, serviceError } from './platform-http';
import { SCOPE, type LineItemRecord, type PlatformInternals, type ScoreRecord } from './platform-types';

const SCORE_FORMAT = 'application/vnd.ims.lis.v1.score+json';
const RESULTS_FORMAT = 'application/vnd.ims.lis.v2.resultcontainer+json';

export function mountScoreRoutes(app: Express, platform: TestPlatform, internals: PlatformInternals): void {
  const item = `${LINEITEMS_PATH}/:itemId/lineitem`;
  app.post(
    `${item}/scores`,
    failureGate(internals),
    rawBody,
    requireFormats([SCORE_FORMAT]),
    requireToken(internals, [SCOPE.score]),
    requireType(platform, true),
    withItem(platform, (req, res, found) => postScore(platform, req, res, found)),
  );
  app.get(
    `${item}/results`,
    failureGate(internals),
    requireFormats([RESULTS_FORMAT]),
    requireToken(internals, [SCOPE.resultReadonly]),
    requireType(platform, true),
    withItem(platform, (req, res, found) => listResults(platform, req, res, found)),
  );
}

/** Moodle's validate_iso8601_date, simplified to the forms tools actually send. */
function isIsoTimestamp(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    /^[+-]?\d{4}-\d{2}-\d{2}([T\s]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?([zZ]|[+-]\d{2}(:?\d{2})?)?)?$/.test(value) &&
    !Number.isNaN(Date.parse(value))
  );
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null; // PHP isset
}

/** Why Moodle would refuse the score with 400, or undefined. */
function scoreProblem(platform: TestPlatform, contextId: string, score: Record<string, unknown> | undefined) {
  if (!score) return 'Incorrect score received: not a JSON object';
  for (const key of ['userId', 'timestamp', 'activityProgress', 'gradingProgress'] as const) {
    if (!present(score[key])) return `Incorrect score received: missing ${key}`;
  }
  if (!isIsoTimestamp(score.timestamp)) return 'Incorrect score received: timestamp is not ISO 8601';
  if (present(score.scoreGiven) && !isNumeric(score.scoreGiven)) return 'Incorrect score received: scoreGiven';
  if (present(score.scoreMaximum) && !isNumeric(score.scoreMaximum)) return 'Incorrect score received: scoreMaximum';
  if (present(score.scoreGiven) && present(score.scoreMaximum) && Number(score.scoreGiven) > Number(score.scoreMaximum)) {
    return 'Incorrect score received: scoreGiven is greater than scoreMaximum';
  }
  // Moodle only grades users enrolled in the course (a launch enrols its user here).
  const enrolled = platform.members.get(contextId)?.some((m) => m.user_id === String(score.userId));
  if (!enrolled) return `Incorrect score received: user ${String(score.userId)} is not enrolled`;
  return undefined;
}

/** Moodle stores a grade's time only for a FullyGraded score with scoreGiven, in whole seconds. */
function gradedSeconds(record: ScoreRecord | undefined): number | undefined {
  const body = record?.body as Record<string, unknown> | undefined;
  if (!body || !present(body.scoreGiven) || body.gradingProgress !== 'FullyGraded') return undefined;
  return Math.floor(Date.parse(String(body.timestamp)) / 1000);
}

function latestScore(platform: TestPlatform, item: LineItemRecord, userId: string): ScoreRecord | undefined {
  let latest: ScoreRecord | undefined;
  for (const s of platform.scores) {
    if (s.lineItemUrl === item.id && String((s.body as Record<string, unknown>).userId) === userId) latest = s;
  }
  return latest;
}

function postScore(platform: TestPlatform, req: Request, res: Response, item: LineItemRecord): void {
  const score = parseJson(req.body);
  const problem = scoreProblem(platform, item.contextId, score);
  if (problem || !score) return serviceError(req, res, 400, problem);
  // Moodle refuses a score whose timestamp is not later (in seconds) than the stored grade's: 409.
  const previous = gradedSeconds(latestScore(platform, item, String(score.userId)));
  if (previous !== undefined && previous >= Math.floor(Date.parse(String(score.timestamp)) / 1000)) {
    return serviceError(req, res, 409, `Refusing score with an earlier timestamp for item and user ${String(score.userId)}`);
  }
  platform.scores.push({ lineItemUrl: item.id, body: score, receivedAt: new Date() });
  res.status(200).end(); // Moodle answers 200 with an empty body.
}

/** Moodle's result_for_json: resultScore is rescaled to the line item's maximum, resultMaximum is the score's. */
function resultJson(item: LineItemRecord, record: ScoreRecord): Record<string, unknown> {
  const body = record.body as Record<string, unknown>;
  const [path, query] = item.id.split('?');
  const userId = String(body.userId);
  const result: Record<string, unknown> = { id: `${path}/results?${query ?? ''}&user_id=${userId}`, userId };
  if (gradedSeconds(record) !== undefined) {
    const max = present(body.scoreMaximum) ? Number(body.scoreMaximum) : 1;
    result.resultScore = (Number(body.scoreGiven) * item.scoreMaximum) / max;
    result.resultMaximum = max;
    if (typeof body.comment === 'string' && body.comment !== '') result.comment = body.comment;
    result.scoreOf = item.id;
    result.timestamp = new Date(Date.parse(String(body.timestamp))).toISOString();
  }
  return result;
}

function listResults(platform: TestPlatform, req: Request, res: Response, item: LineItemRecord): void {
  const only = param(req.query.user_id);
  const users = new Set(
    platform.scores
      .filter((s) => s.lineItemUrl === item.id)
      .map((s) => String((s.body as Record<string, unknown>).userId))
      .filter((u) => only === '' || u === only),
  );
  const results = [...users].flatMap((u) => {
    const latest = latestScore(platform, item, u);
    return latest ? [resultJson(item, latest)] : [];
  });
  res.type(`${RESULTS_FORMAT}; charset=utf-8`).send(JSON.stringify(results));
}
