/**
 * The name a file is offered under on download: the user's own, without folders, quotes or control
 * characters, cut to a sensible length, with the extension of what the file really is.
 */
export function safeFileName(name: string, extension: string, fallback = 'document'): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    .replace(/[\p{Cc}"]/gu, '')
    .replace(/\.[^.]*$/, '')
    .trim()
    .slice(0, 150);
  return `${base || fallback}.${extension}`;
}
