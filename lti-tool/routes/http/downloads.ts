import contentDisposition from 'content-disposition';
import type { Response } from 'express';

/**
 * Always with the UTF-8 name (browsers read it) and a plain-ASCII one for old clients: a Latin-1-only
 * header would turn "träff" into mojibake in some clients.
 */
export function attachmentHeader(fileName: string): string {
  const ascii = fileName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, '_');
  return contentDisposition(fileName, { fallback: ascii });
}

/**
 * Sends a stored file: its type from what we detected at upload, never sniffed by the browser, never
 * cached by shared caches, and as an attachment when it has a name (so it is saved, not opened in the tool's origin).
 */
export function sendStoredFile(res: Response, file: { type: string; size?: number; name?: string }, content: NodeJS.ReadableStream, next: (error: unknown) => void): void {
  res.setHeader('Content-Type', file.type);
  if (file.size !== undefined) res.setHeader('Content-Length', String(file.size));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, no-store');
  if (file.name) res.setHeader('Content-Disposition', attachmentHeader(file.name));
  content.on('error', next);
  content.pipe(res);
}
