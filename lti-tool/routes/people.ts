import { readFile } from 'node:fs/promises';
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from './http/app-deps';
import { authorize } from '../policies';
import { changeNetworkRole, roleFormSchema } from '../services/people';
import { teachersOfSchoolLeader } from '../services/my-teachers';
import {
  addSchool,
  chooseOwnSchool,
  editSchool,
  importSchools,
  removeSchool,
  schoolFormSchema,
  schoolQuestionFor,
  schoolsOf,
  SchoolsCsvRefused,
  setSchoolOfMember,
  setSchoolsOfLeader,
} from '../services/schools';
import { optionalRecordId, parseId } from '../services/form-fields';
import { fieldErrors } from './http/forms';
import { redirectDone } from './http/flash';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';
import { uploadErrorOf, uploadOf, type UploadTarget } from './http/uploads';

export const schoolsUploadTarget: UploadTarget = {
  path: /^\/schools\/import$/,
  mayUpload: (launch) => authorize(launch, 'school.manage'),
  maxBytes: () => 1024 * 1024,
};

const schoolChoiceSchema = z.object({ schoolId: optionalRecordId });
const leaderSchoolsSchema = z.object({ schoolIds: z.union([z.string(), z.array(z.string())]).optional() });

/** Network roles and schools: the leader's forms on the participants page, the schools page, and "my school". */
export function peopleRoutes(deps: AppDeps): Router {
  const router = Router();
  const { db } = deps;

  // A participant without a school is asked first, on the home page only: no other page is blocked.
  router.get('/', (_req, res, next) => {
    schoolQuestionFor(db, launchOf(res)).then((question) => {
      if (!question.ask) next();
      else renderPage(res, 'people/my-school', { title: 'people.mySchool.title', question, first: true });
    }, next);
  });

  router.get('/my-teachers', (_req, res, next) => {
    teachersOfSchoolLeader(db, launchOf(res)).then((teachers) => renderPage(res, 'people/my-teachers', { title: 'people.myTeachers.title', teachers }), next);
  });

  router.get('/my-school', (req, res, next) => {
    schoolQuestionFor(db, launchOf(res)).then(
      (question) => renderPage(res, 'people/my-school', { title: 'people.mySchool.title', question, first: false }),
      next,
    );
  });

  router.post('/my-school', (req, res, next) => {
    const launch = launchOf(res);
    const parsed = schoolChoiceSchema.safeParse(req.body);
    if (!parsed.success) {
      schoolQuestionFor(db, launch).then(
        (question) => renderPage(res, 'people/my-school', { title: 'people.mySchool.title', question, first: false, errors: { schoolId: 'people.mySchool.invalid' } }, 422),
        next,
      );
      return;
    }
    chooseOwnSchool(db, launch, parsed.data.schoolId).then(() => redirectDone(res, `${launch.base}/my-school`, 'my_school_saved'), next);
  });

  router.post('/roster/:userId/role', (req, res, next) => {
    const launch = launchOf(res);
    const userId = parseId(req.params.userId);
    const parsed = roleFormSchema.safeParse(req.body);
    if (!parsed.success) {
      res.redirect(303, `${launch.base}/roster`);
      return;
    }
    changeNetworkRole(db, launch, userId, parsed.data.role).then(() => redirectDone(res, `${launch.base}/roster`, 'role_changed', `member-${userId}`), next);
  });

  router.post('/roster/:userId/school', (req, res, next) => {
    const launch = launchOf(res);
    const userId = parseId(req.params.userId);
    const parsed = schoolChoiceSchema.safeParse(req.body);
    const schoolId = parsed.success ? parsed.data.schoolId : null;
    setSchoolOfMember(db, launch, userId, schoolId).then(() => redirectDone(res, `${launch.base}/roster`, 'school_set', `member-${userId}`), next);
  });

  router.post('/roster/:userId/schools', (req, res, next) => {
    const launch = launchOf(res);
    const userId = parseId(req.params.userId);
    const parsed = leaderSchoolsSchema.safeParse(req.body);
    const ids = parsed.success ? ([] as string[]).concat(parsed.data.schoolIds ?? []).map(parseId) : [];
    setSchoolsOfLeader(db, launch, userId, ids).then(() => redirectDone(res, `${launch.base}/roster`, 'school_set', `member-${userId}`), next);
  });

  const showSchools = (res: Response, extra: Record<string, unknown> = {}, status = 200) =>
    schoolsOf(db, launchOf(res)).then((schools) => renderPage(res, 'people/schools', { title: 'people.schools.title', schools, errors: {}, values: {}, ...extra }, status));

  router.get('/schools', (req, res, next) => {
    showSchools(res, { notice: typeof req.query.notice === 'string' ? req.query.notice : null, counts: req.query }).catch(next);
  });

  router.post('/schools', (req, res, next) => {
    const launch = launchOf(res);
    const parsed = schoolFormSchema.safeParse(req.body);
    if (!parsed.success) {
      showSchools(res, { errors: fieldErrors(parsed.error, 'people.schools.errors'), values: req.body }, 422).catch(next);
      return;
    }
    addSchool(db, launch, parsed.data).then((result) => res.redirect(303, `${launch.base}/schools?notice=${result}`), next);
  });

  router.post('/schools/import', (req, res, next) => {
    const launch = launchOf(res);
    const upload = uploadOf(req);
    const refused = (reason: string) => showSchools(res, { errors: { file: `people.schools.csv.${reason}` } }, 422);
    if (uploadErrorOf(res) || !upload) {
      Promise.resolve(upload && deps.files.discard(upload.tempPath)).then(() => refused(uploadErrorOf(res) ? 'tooLarge' : 'missing')).catch(next);
      return;
    }
    readFile(upload.tempPath)
      .then(async (bytes) => {
        await deps.files.discard(upload.tempPath);
        return importSchools(db, launch, bytes);
      })
      .then(
        (counts) => res.redirect(303, `${launch.base}/schools?notice=imported&added=${counts.added}&duplicates=${counts.duplicates}&refused=${counts.refused}`),
        (error: unknown) => (error instanceof SchoolsCsvRefused ? refused(error.reason).catch(next) : next(error)),
      );
  });

  router.post('/schools/:id', (req, res, next) => {
    const launch = launchOf(res);
    const id = parseId(req.params.id);
    const parsed = schoolFormSchema.safeParse(req.body);
    if (!parsed.success) {
      showSchools(res, { errors: { [`school-${id}`]: 'people.schools.errors.name' }, values: {} }, 422).catch(next);
      return;
    }
    editSchool(db, launch, id, parsed.data).then((result) => res.redirect(303, `${launch.base}/schools?notice=${result}`), next);
  });

  router.post('/schools/:id/delete', (req, res, next) => {
    const launch = launchOf(res);
    removeSchool(db, launch, parseId(req.params.id)).then(() => res.redirect(303, `${launch.base}/schools?notice=removed`), next);
  });

  return router;
}
