import { Router } from 'express';
import type { AppDeps } from './http/app-deps';
import { calendarFeedFor, calendarLinkExists, createCalendarLink, revokeCalendarLink } from '../services/calendar';
import { loadYear } from '../services/year';
import { renderMeetingProgrammePdf, renderYearProgrammePdf } from '../services/programme-pdf';
import { renderPage } from './http/render';
import { launchOf } from './http/session-context';
import { redirectDone } from './http/flash';
import { parseId } from '../services/form-fields';


/** In a launch: the calendar subscription page and the programme PDFs. */
export function calendarRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/calendar', (_req, res, next) => {
    const launch = launchOf(res);
    calendarLinkExists(deps.db, launch).then((exists) => renderPage(res, 'year/calendar', { title: 'calendar.title', exists, url: null }), next);
  });
  router.post('/calendar', (_req, res, next) => {
    const launch = launchOf(res);
    createCalendarLink(deps.db, launch, deps.config.publicUrl).then((url) => renderPage(res, 'year/calendar', { title: 'calendar.title', exists: true, url, done: 'calendar_link_made' }), next);
  });
  router.post('/calendar/revoke', (_req, res, next) => {
    const launch = launchOf(res);
    revokeCalendarLink(deps.db, launch).then(() => redirectDone(res, `${launch.base}/calendar`, 'calendar_link_revoked'), next);
  });
  const sendPdf = (res: Parameters<Parameters<typeof router.get>[1]>[1], pdf: Buffer, name: string) => {
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.send(pdf);
  };
  router.get('/year.pdf', (_req, res, next) => {
    loadYear(deps.db, launchOf(res))
      .then((year) => renderYearProgrammePdf(year))
      .then((pdf) => sendPdf(res, pdf, 'programme.pdf'), next);
  });
  router.get('/meetings/:id/programme.pdf', (req, res, next) => {
    const id = parseId(req.params.id);
    loadYear(deps.db, launchOf(res))
      .then((year) => renderMeetingProgrammePdf(year, id))
      .then((pdf) => sendPdf(res, pdf, `meeting-${id}.pdf`), next);
  });
  return router;
}

/** Outside any launch: the feed itself, for calendar programs; its secret URL is the permission. */
export function calendarFeedRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/calendar/:token.ics', (req, res, next) => {
    calendarFeedFor(deps.db, req.params.token, deps.config.publicUrl).then((ics) => {
      res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
      res.setHeader('Cache-Control', 'private, max-age=300');
      res.send(ics);
    }, next);
  });
  return router;
}
