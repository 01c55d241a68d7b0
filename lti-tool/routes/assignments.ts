import { Router, type Response } from 'express';
import { DateTime } from 'luxon';
import type { AppDeps } from './http/app-deps';
import { AppError } from '../errors';
import { assertAllowed, authorize } from '../policies';
import {
  assignmentFormSchema,
  assignmentFormValues,
  assignmentOfLaunch,
  assignmentList,
  newAssignmentValues,
  presentationFormats,
  saveAssignment,
} from '../services/assignments';
import { assignmentOverview, submissionsZip } from '../services/assignment-overview';
import { attachmentHeader } from './http/downloads';
import { loadYear } from '../services/year';
import { fieldErrors } from './http/forms';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';
import { redirectDone } from './http/flash';
import { showAssignmentPage } from './pages/assignment';
import { parseId } from '../services/form-fields';


/** Assignments: the list, the leader's editor and each assignment's page. */
export function assignmentRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/assignments', (_req, res, next) => {
    const launch = launchOf(res);
    Promise.all([assignmentList(deps.db, launch), loadYear(deps.db, launch)])
      .then(([assignments, year]) =>
        renderPage(res, 'assignments/list', {
          title: 'assignments.title',
          assignments,
          meetings: year.meetings,
          leads: authorize(launch, 'assignment.edit'),
        }),
      )
      .catch(next);
  });

  async function showEditor(res: Response, id: number | null, values: Record<string, unknown> | undefined, errors: Record<string, string>, status = 200) {
    const launch = launchOf(res);
    assertAllowed(launch, 'assignment.edit');
    const year = await loadYear(deps.db, launch);
    const assignment = id === null ? undefined : await assignmentOfLaunch(deps.db, launch, id);
    const firstMeeting = year.meetings[0];
    const defaultDue = firstMeeting ? DateTime.fromJSDate(firstMeeting.startsAt, { zone: year.network.timeZone }).toISODate()! : DateTime.now().plus({ weeks: 4 }).toISODate()!;
    renderPage(
      res,
      'assignments/edit',
      {
        title: assignment ? 'assignments.edit' : 'assignments.new',
        scripts: ['vendor/easymde.min.js', 'instructions-editor.js'],
        assignment,
        meetings: year.meetings,
        formats: presentationFormats,
        values: values ?? (assignment ? assignmentFormValues(assignment, year.network.timeZone) : newAssignmentValues(defaultDue)),
        errors,
      },
      status,
    );
  }

  const saveFrom = (id: number | null) => (req: Parameters<Parameters<typeof router.post>[1]>[0], res: Response, next: (error?: unknown) => void) => {
    const launch = launchOf(res);
    const parsed = assignmentFormSchema.safeParse(req.body);
    const body = req.body as Record<string, unknown>;
    if (!parsed.success) {
      showEditor(res, id, body, fieldErrors(parsed.error, 'assignments.errors'), 422).catch(next);
      return;
    }
    saveAssignment(deps.db, launch, id, parsed.data).then(
      (saved) => redirectDone(res, `${launch.base}/assignments/${saved.id}`, 'assignment_saved'),
      (error: unknown) => {
        if (error instanceof AppError && error.status === 422) {
          const field = error.code === 'assignment_letter_taken' ? 'letter' : 'dueDate';
          showEditor(res, id, body, { [field]: `errors.${error.code}.body` }, 422).catch(next);
        } else next(error);
      },
    );
  };

  router.get('/assignments/new', (_req, res, next) => {
    showEditor(res, null, undefined, {}).catch(next);
  });
  router.post('/assignments/new', saveFrom(null));
  router.get('/assignments/:id/edit', (req, res, next) => {
    showEditor(res, parseId(req.params.id), undefined, {}).catch(next);
  });
  router.post('/assignments/:id/edit', (req, res, next) => saveFrom(parseId(req.params.id))(req, res, next));

  router.get('/assignments/:id', (req, res, next) => {
    showAssignmentPage(deps, res, parseId(req.params.id)).catch(next);
  });

  router.get('/assignments/:id/overview', (req, res, next) => {
    const launch = launchOf(res);
    assignmentOverview(deps.db, launch, parseId(req.params.id))
      .then((overview) => renderPage(res, 'assignments/overview', { titleText: overview.assignment.title, overview, mayGrade: authorize(launch, 'grades.give') }))
      .catch(next);
  });

  router.get('/assignments/:id/submissions.zip', (req, res, next) => {
    const launch = launchOf(res);
    assignmentOverview(deps.db, launch, parseId(req.params.id)).then((overview) => {
      res.setHeader('Content-Type', 'application/zip');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Disposition', attachmentHeader(`${overview.assignment.letter} - ${overview.assignment.title}.zip`));
      const zip = submissionsZip(deps.files, overview);
      zip.on('error', (error) => res.destroy(error));
      zip.pipe(res);
    }, next);
  });

  return router;
}
