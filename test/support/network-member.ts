import { LtiBrowser } from './lti-browser';
import type { ToolUnderTest } from './tool';

export const claim = (name: string) => `https://purl.imsglobal.org/spec/lti/claim/${name}`;
export const role = (name: string) => `http://purl.imsglobal.org/vocab/lis/v2/membership#${name}`;
export const csrfOf = (html: string) => /name="(?:_csrf|csrf-token)" (?:value|content)="([^"]+)"/.exec(html)?.[1] ?? '';

export interface PageResult {
  status: number;
  html: string;
  location: string | null;
}

export interface FileToUpload {
  name: string;
  content: Uint8Array;
  type?: string;
}

/** Someone launched from the test platform's course into the tool, with their own browser and session. */
export interface NetworkMember {
  browser: LtiBrowser;
  /** The session's base URL, /l/<handle> */
  base: string;
  csrf: string;
  /** The raw response, for downloads. */
  fetch(path: string): Promise<Response>;
  get(path: string): Promise<PageResult>;
  /** A form post with the session's CSRF token, as the page's form would send it. */
  post(path: string, form?: Record<string, string | string[]>): Promise<PageResult>;
  /** A multipart form post: the token first, then the fields, then the file, as a browser orders the form. */
  upload(path: string, form: Record<string, string>, file?: FileToUpload): Promise<PageResult>;
}

async function pageOf(response: Response): Promise<PageResult> {
  return { status: response.status, html: await response.text(), location: response.headers.get('location') };
}

export async function launchAs(
  t: Pick<ToolUnderTest, 'registration' | 'platform'>,
  sub: string,
  roles: string[],
  extra: Record<string, unknown> = {},
  locale = 'en',
): Promise<NetworkMember> {
  const browser = new LtiBrowser();
  const page = await browser.launch(t.registration, t.platform, {
    claims: { sub, name: `Person ${sub}`, [claim('roles')]: roles, [claim('launch_presentation')]: { locale }, ...extra },
  });
  const base = page.url.replace(/\/$/, '');
  const csrf = csrfOf(page.body);
  const fetchPath = (path: string, init?: RequestInit) => browser.request(`${base}${path}`, init);
  return {
    browser,
    base,
    csrf,
    fetch: (path) => fetchPath(path),
    get: async (path) => pageOf(await fetchPath(path)),
    post: async (path, form = {}) => {
      const body = new URLSearchParams({ _csrf: csrf });
      for (const [key, value] of Object.entries(form)) for (const item of ([] as string[]).concat(value)) body.append(key, item);
      return pageOf(await fetchPath(path, { method: 'POST', body }));
    },
    upload: async (path, form, file) => {
      const body = new FormData();
      body.append('_csrf', form._csrf ?? csrf);
      for (const [key, value] of Object.entries(form)) if (key !== '_csrf') body.append(key, value);
      if (file) body.append('file', new Blob([Buffer.from(file.content)], { type: file.type ?? 'application/octet-stream' }), file.name);
      return pageOf(await fetchPath(path, { method: 'POST', body }));
    },
  };
}
