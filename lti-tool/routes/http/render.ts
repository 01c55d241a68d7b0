import type { Response } from 'express';
import { languageFromAcceptHeader, translator, type Language } from '../../i18n';
import { assignmentName } from '../../i18n/assignment-name';
import type { LaunchContext } from './session-context';
import { confirmationOf, type Confirmation } from './flash';
import { formatterFor, serverFormatter } from '../../i18n/format';
import { fieldHelpers } from './forms';

export interface PageData {
  /** i18n key of the page title, or `titleText` for a title that is the user's own text */
  title?: string;
  titleText?: string;
  /** A confirmation for a page answered directly (not after a redirect, whose address carries it). */
  done?: Confirmation;
  [key: string]: unknown;
}

/** Renders views/<view>.ejs inside the shared layout, in the launch's language. */
export function renderPage(res: Response, view: string, data: PageData, status = 200): void {
  const launch = res.locals.launch as LaunchContext | undefined;
  const lang: Language = launch?.lang ?? (res.locals.lang as Language | undefined) ?? languageFromAcceptHeader(res.req.get('accept-language'));
  const t = translator(lang);
  const pageTitle = data.titleText ?? (data.title ? t(data.title) : t('common.appName'));
  // Only on a successful page: a form shown again with its errors says what went wrong, not what went right.
  const done = status < 400 ? (data.done ?? confirmationOf(res.req.query)) : undefined;
  // The page's own path, for "open in a new window" to land on it; a POST's path may have no page behind it.
  const here = launch && res.req.method === 'GET' ? res.req.originalUrl.split('?')[0] : undefined;
  // Every page gets the one formatter: the network's zone in a network, UTC with the zone named elsewhere.
  const fmt = launch?.network ? formatterFor(lang, launch.network.timeZone) : serverFormatter(lang);
  const errors = (data.errors ?? {}) as Record<string, string>;
  const locals = { fmt, ...data, errors, field: fieldHelpers(errors), t, lang, launch, nav: launch?.nav ?? [], pageTitle, done, here, assignmentName: (assignment: { letter: string; title: string }) => assignmentName(t, assignment) };
  res.status(status);
  res.render(view, locals, (error: Error | null, body?: string) => {
    if (error) {
      renderFailed(res, error);
      return;
    }
    res.render('layout', { ...locals, body }, (layoutError: Error | null, html?: string) => {
      if (layoutError) renderFailed(res, layoutError);
      else res.send(html);
    });
  });
}

/** A page that cannot be rendered is a bug: logged in full, and the user gets a plain page without details. */
function renderFailed(res: Response, error: Error): void {
  res.req.log?.error({ err: error }, 'page rendering failed');
  if (!res.headersSent) res.status(500).type('text/plain; charset=utf-8').send('500');
}
