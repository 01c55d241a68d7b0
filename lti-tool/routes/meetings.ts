import { Router, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { AppDeps } from './http/app-deps';
import { AppError } from '../errors';
import { translator } from '../i18n';
import {
  attendanceCsv,
  checkInByLeader,
  checkInCodeFor,
  checkInCodeSchema,
  guestSchema,
  registerGuest,
  respondToMeeting,
  responseSchema,
  selfCheckIn,
} from '../services/attendance';
import { meetingFormSchema, meetingFormValues, saveMeeting } from '../services/meetings';
import { meetingForEditing } from '../services/meeting-page';
import { programmeKinds } from '../services/year-types';
import { applyRowAction, rowActionOf } from '../services/programme-rows';
import { formatterFor } from '../i18n/format';
import { fieldErrors } from './http/forms';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';
import { redirectDone } from './http/flash';
import { showMeetingPage, type MeetingPageExtra } from './pages/meeting';
import { parseId, recordId } from '../services/form-fields';

const checkInTarget = z.object({ userId: recordId.optional(), guestId: recordId.optional() });

/** One meeting: its page for everyone, answers and check-in, and the leader's edit form. */
export function meetingRoutes(deps: AppDeps): Router {
  const router = Router();
  const db = deps.db;

  const showMeeting = (res: Response, id: number, extra: MeetingPageExtra = {}, status = 200) => showMeetingPage(deps, res, id, extra, status);

  router.get('/meetings/:id', (req, res, next) => {
    showMeeting(res, parseId(req.params.id)).catch(next);
  });

  router.post('/meetings/:id/response', (req, res, next) => {
    const launch = launchOf(res);
    const id = parseId(req.params.id);
    const parsed = responseSchema.safeParse(req.body);
    if (!parsed.success) {
      showMeeting(res, id, { errors: fieldErrors(parsed.error, 'meeting.errors'), values: req.body }, 422).catch(next);
      return;
    }
    respondToMeeting(db, launch, id, parsed.data).then(
      () => redirectDone(res, `${launch.base}/meetings/${id}`, parsed.data.response === 'yes' ? 'signup_saved' : 'decline_saved', 'answer'),
      next,
    );
  });

  router.post('/meetings/:id/guests', (req, res, next) => {
    const launch = launchOf(res);
    const id = parseId(req.params.id);
    const parsed = guestSchema.safeParse(req.body);
    if (!parsed.success) {
      showMeeting(res, id, { errors: fieldErrors(parsed.error, 'meeting.errors'), values: req.body }, 422).catch(next);
      return;
    }
    registerGuest(db, launch, id, parsed.data).then(() => redirectDone(res, `${launch.base}/meetings/${id}`, 'guest_added', 'guests'), next);
  });

  router.post('/meetings/:id/check-in', (req, res, next) => {
    const launch = launchOf(res);
    const id = parseId(req.params.id);
    checkInByLeader(db, launch, id, checkInTarget.parse(req.body)).then(() => redirectDone(res, `${launch.base}/meetings/${id}`, 'checked_in', 'check-in'), next);
  });

  router.post('/meetings/:id/check-in-code', (req, res, next) => {
    const launch = launchOf(res);
    const id = parseId(req.params.id);
    checkInCodeFor(db, launch, id).then(() => redirectDone(res, `${launch.base}/meetings/${id}`, 'check_in_code_made', 'check-in'), next);
  });

  // A code is six characters from 31, valid only during the meeting; still, each person gets only a few wrong
  // guesses. Counted per user (not per address: a whole school shares one), successful check-ins not counted.
  const checkInAttempts = rateLimit({
    windowMs: 10 * 60_000,
    limit: 10,
    skipSuccessfulRequests: true,
    keyGenerator: (_req, res) => String(launchOf(res).user.id),
    // The key is the user, not the address, so the address-related sanity checks do not apply.
    validate: false,
    handler: (_req, _res, next) => next(new AppError(429, 'check_in_too_many')),
  });

  router.post('/meetings/:id/self-check-in', checkInAttempts, (req, res, next) => {
    const launch = launchOf(res);
    const id = parseId(req.params.id);
    const parsed = checkInCodeSchema.safeParse(req.body);
    const wrongCode = () => showMeeting(res, id, { errors: { code: 'errors.check_in_code_wrong.body' }, values: req.body }, 422);
    if (!parsed.success) {
      wrongCode().catch(next);
      return;
    }
    selfCheckIn(db, launch, id, parsed.data).then(
      () => redirectDone(res, `${launch.base}/meetings/${id}`, 'self_checked_in', 'answer'),
      (error: unknown) => {
        if (error instanceof AppError && error.code === 'check_in_code_wrong') wrongCode().catch(next);
        else next(error);
      },
    );
  });

  router.get('/meetings/:id/attendance.csv', (req, res, next) => {
    const launch = launchOf(res);
    const id = parseId(req.params.id);
    const t = translator(launch.lang);
    const labels = Object.fromEntries(['name', 'email', 'school', 'type', 'response', 'reason', 'checkedIn', 'participant', 'guest'].map((key) => [key, t(`meeting.csv.${key}`)]));
    attendanceCsv(db, launch, id, labels).then((csv) => {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="attendance-${id}.csv"`);
      res.send(csv);
    }, next);
  });

  async function showEdit(res: Response, id: number, values: unknown, errors: Record<string, string>, status = 200) {
    const launch = launchOf(res);
    const { stored, meeting, year } = await meetingForEditing(db, launch, id);
    const fmt = formatterFor(launch.lang, year.network.timeZone);
    const programme = meeting.programme.map((item) => ({
      start: item.startsAt ? fmt.inputTime(item.startsAt) : '',
      end: item.endsAt ? fmt.inputTime(item.endsAt) : '',
      kind: item.kind,
      title: item.title,
      speaker: item.speaker ?? '',
    }));
    renderPage(
      res,
      'meetings/edit',
      { titleText: meeting.theme, meeting, values: values ?? { ...meetingFormValues(stored, year.network.timeZone), programme }, errors, kinds: programmeKinds },
      status,
    );
  }

  router.get('/meetings/:id/edit', (req, res, next) => {
    showEdit(res, parseId(req.params.id), undefined, {}).catch(next);
  });

  router.post('/meetings/:id/edit', (req, res, next) => {
    const launch = launchOf(res);
    const id = parseId(req.params.id);
    const parsed = meetingFormSchema.safeParse(req.body);
    const body = req.body as Record<string, unknown>;
    const asList = (value: unknown) => ([] as unknown[]).concat(value ?? []).map(String);
    const resubmitted = {
      ...body,
      programme: asList(body.itemTitle).map((title, index) => ({
        title,
        start: asList(body.itemStart)[index] ?? '',
        end: asList(body.itemEnd)[index] ?? '',
        kind: asList(body.itemKind)[index] ?? '',
        speaker: asList(body.itemSpeaker)[index] ?? '',
      })),
    };
    // A row's up, down, remove or add button: apply it and show the form again, saving nothing yet.
    const rowAction = rowActionOf(body);
    if (rowAction) {
      showEdit(res, id, { ...resubmitted, programme: applyRowAction(resubmitted.programme, rowAction) }, {}).catch(next);
      return;
    }
    if (!parsed.success) {
      showEdit(res, id, resubmitted, fieldErrors(parsed.error, 'meeting.errors'), 422).catch(next);
      return;
    }
    saveMeeting(db, launch, id, parsed.data).then(
      () => redirectDone(res, `${launch.base}/meetings/${id}`, 'meeting_saved'),
      (error: unknown) => {
        if (error instanceof AppError && error.status === 422) showEdit(res, id, resubmitted, { date: `meeting.errors.${error.code}` }, 422).catch(next);
        else next(error);
      },
    );
  });
  return router;
}
