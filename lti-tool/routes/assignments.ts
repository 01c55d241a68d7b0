import { Router, type Response } from 'express';
import { DateTime } from 'luxon';
import type { AppDeps } from '../app';
import { AppError } from '../errors';
import { canGrade, canManageNetwork, canSeeRoster } from '../lti/roles';
import {
  assignmentFormSchema,
  assignmentFormValues,
  assignmentOfLaunch,
  assignmentsOfLaunch,
  newAssignmentValues,
  renderInstructions,
  saveAssignment,
} from '../services/assignments';
import { conversationsOf, galleryOf, ownConversation, ownSubmissionView } from '../services/submissions';
import { assignmentOverview, submissionsZip } from '../services/assignment-overview';
import { attachmentHeader } from './downloads';
import { convertersAvailable } from '../presentations/slide-renderer';
import { loadYear, requireLeader } from '../services/year';
import { gradeAssignment, progressGradeSchema } from '../services/grading';
import { presentationFormats } from '../../models/schema';
import { fieldErrors } from './forms';
import { formatterFor } from './format';
import { renderPage } from './render';
import { launchOf } from './session-context';
import { parseId } from '../services/form-fields';


export interface AssignmentPageExtra {
  errors?: Record<string, string>;
  values?: Record<string, unknown>;
}

/**
 * One assignment's page: instructions and guiding questions for everyone; for the participant their own
 * submission (versions, advice, upload), for school leaders the recorded conversations, for peers the
 * final submissions of the gallery walk, for leaders and staff the way to the overview.
 */
export async function showAssignmentPage(deps: AppDeps, res: Response, id: number, extra: AssignmentPageExtra = {}, status = 200): Promise<void> {
  const launch = launchOf(res);
  const assignment = await assignmentOfLaunch(deps.db, launch, id);
  const year = await loadYear(deps.db, launch);
  const isParticipant = launch.roles.includes('participant');
  const [own, conversation, conversations, gallery, converters] = await Promise.all([
    isParticipant ? ownSubmissionView(deps.db, launch, assignment) : undefined,
    isParticipant && assignment.leaderConversation ? ownConversation(deps.db, launch, assignment) : undefined,
    assignment.leaderConversation && (launch.roles.includes('mentor') || canSeeRoster(launch.roles)) ? conversationsOf(deps.db, launch, assignment) : undefined,
    isParticipant ? galleryOf(deps.db, assignment, launch.user.id) : undefined,
    convertersAvailable(),
  ]);
  renderPage(
    res,
    'assignments/show',
    {
      titleText: assignment.title,
      scripts: ['upload-progress.js', 'render-state.js'],
      assignment,
      instructionsHtml: renderInstructions(assignment.instructions),
      meeting: year.meetings.find((meeting) => meeting.id === assignment.meetingId),
      own,
      conversation,
      conversations,
      gallery,
      previewsAvailable: Boolean(converters.soffice && converters.pdftoppm),
      isParticipant,
      isSchoolLeader: launch.roles.includes('mentor'),
      runsNetwork: canSeeRoster(launch.roles),
      leads: canManageNetwork(launch.roles),
      now: new Date(),
      fmt: formatterFor(launch.lang, year.network.timeZone),
      errors: extra.errors ?? {},
      values: extra.values ?? {},
    },
    status,
  );
}

/** Assignments: the list, the leader's editor and each assignment's page. */
export function assignmentRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/assignments', (_req, res, next) => {
    const launch = launchOf(res);
    Promise.all([assignmentsOfLaunch(deps.db, launch), loadYear(deps.db, launch)])
      .then(([assignments, year]) =>
        renderPage(res, 'assignments/list', {
          title: 'assignments.title',
          assignments,
          meetings: year.meetings,
          leads: canManageNetwork(launch.roles),
          fmt: formatterFor(launch.lang, year.network.timeZone),
        }),
      )
      .catch(next);
  });

  async function showEditor(res: Response, id: number | null, values: Record<string, unknown> | undefined, errors: Record<string, string>, status = 200) {
    const launch = launchOf(res);
    requireLeader(launch);
    const year = await loadYear(deps.db, launch);
    const assignment = id === null ? undefined : await assignmentOfLaunch(deps.db, launch, id);
    const firstMeeting = year.meetings[0];
    const defaultDue = firstMeeting ? DateTime.fromJSDate(firstMeeting.startsAt, { zone: year.network.timeZone }).toISODate()! : DateTime.now().plus({ weeks: 4 }).toISODate()!;
    renderPage(
      res,
      'assignments/edit',
      {
        title: assignment ? 'assignments.edit' : 'assignments.new',
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
      (saved) => res.redirect(303, `${launch.base}/assignments/${saved.id}`),
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
    Promise.all([assignmentOverview(deps.db, launch, parseId(req.params.id)), loadYear(deps.db, launch)])
      .then(([overview, year]) =>
        renderPage(res, 'assignments/overview', { titleText: overview.assignment.title, overview, mayGrade: canGrade(launch.roles), fmt: formatterFor(launch.lang, year.network.timeZone) }),
      )
      .catch(next);
  });

  router.post('/assignments/:id/grades', (req, res, next) => {
    const launch = launchOf(res);
    const id = parseId(req.params.id);
    const parsed = progressGradeSchema.safeParse(req.body);
    if (!parsed.success) {
      next(new AppError(422, 'grade_invalid', parsed.error.message));
      return;
    }
    assignmentOfLaunch(deps.db, launch, id)
      .then((assignment) => gradeAssignment({ db: deps.db, lti: deps.lti }, launch, assignment, parsed.data))
      .then(() => res.redirect(303, `${launch.base}/assignments/${id}/overview#person-${parsed.data.userId}`), next);
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
