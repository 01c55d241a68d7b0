import type { RequestHandler } from 'express';
import { isHttps, type Config } from '../config';
import { loginParamsOf } from '../lti/launch-guard';
import { renderPage } from './http/render';
import { allowFormActionTo } from './http/form-action';

const checkedParam = 'nv_cookies';
const loginParams = ['iss', 'login_hint', 'target_link_uri', 'lti_message_hint', 'client_id', 'lti_deployment_id'] as const;

/**
 * Before a login that arrives in a cross-site iframe: browsers that block third-party cookies (Safari,
 * or Chrome with CHIPS off) would lose ltijs's state cookie and fail the launch after the round trip to
 * the platform. A small page first tries a partitioned cookie; if it sticks it carries on in the frame,
 * otherwise it offers to open the launch in a new window, where the cookies are first-party.
 */
export function cookieCheck(config: Pick<Config, 'publicUrl'>, platformOrigins: () => readonly string[]): RequestHandler {
  return (req, res, next) => {
    const params = loginParamsOf(req);
    const framedCrossSite = req.get('sec-fetch-dest') === 'iframe' && req.get('sec-fetch-site') === 'cross-site';
    if (!isHttps(config) || !framedCrossSite || params[checkedParam] === 'checked') {
      next();
      return;
    }
    const fields: Array<{ name: string; value: string }> = loginParams.flatMap((name) =>
      typeof params[name] === 'string' ? [{ name, value: params[name] as string }] : [],
    );
    fields.push({ name: checkedParam, value: 'checked' });
    allowFormActionTo(res, platformOrigins());
    renderPage(res, 'launch/cookie-check', { title: 'cookieCheck.title', fields });
  };
}
