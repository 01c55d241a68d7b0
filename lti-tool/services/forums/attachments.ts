import type { ReadStream } from 'node:fs';
import type { Db } from '../../db';
import { AppError, notFound } from '../../errors';
import type { FileStore, ReceivedUpload } from '../../files/file-store';
import { inspectFile, type FileFormat } from '../../files/file-formats';
import { safeFileName } from '../../files/file-names';
import { countAttachments, findAttachment, insertAttachment, type AttachmentRow } from '../../../models/forum-posts';
import { postOfActor, mayEditPost } from './posts';
import { authorize, type Actor } from '../../policies';

export const maxAttachments = 3;
export const attachmentMaxBytes = 10 * 1024 * 1024;
/** What a post takes: documents and pictures, decided from the bytes (a renamed program or a web page is refused). */
export const attachmentFormats: readonly FileFormat[] = ['pdf', 'png', 'jpg', 'pptx', 'docx', 'xlsx', 'odp', 'odt'];

interface AttachmentDeps {
  db: Db;
  files: FileStore;
}

/** The author adds a file to their post while they may still edit it, up to three files. */
export async function attachToPost(deps: AttachmentDeps, actor: Actor, postId: number, upload: ReceivedUpload, now = new Date()): Promise<{ threadId: number; number: number }> {
  let kept: string | undefined;
  try {
    const { post, thread } = await postOfActor(deps.db, actor, postId);
    if (!mayEditPost(actor, post, now)) throw new AppError(403, 'forum_edit_window_passed');
    if ((await countAttachments(deps.db, post.id)) >= maxAttachments) throw new AppError(422, 'forum_too_many_files');
    const inspected = await inspectFile(upload.tempPath, upload.originalName, attachmentFormats);
    kept = await deps.files.keep(upload);
    await insertAttachment(deps.db, { postId: post.id, fileKey: kept, fileName: safeFileName(upload.originalName, inspected.extension, 'file'), mimeType: inspected.mime, bytes: upload.size, createdAt: now });
    return { threadId: thread.id, number: post.number };
  } catch (error) {
    if (kept) await deps.files.remove(kept);
    throw error;
  } finally {
    await deps.files.discard(upload.tempPath);
  }
}

/** A post's file for download, to whoever may read the post (a deleted post's files only to leaders). */
export async function openAttachment(deps: AttachmentDeps, actor: Actor, postId: number, attachmentId: number): Promise<{ attachment: AttachmentRow; content: ReadStream }> {
  const { post } = await postOfActor(deps.db, actor, postId);
  const attachment = await findAttachment(deps.db, post.id, attachmentId);
  if (!attachment || (post.deletedAt !== null && !authorize(actor, 'forum.moderate'))) throw notFound(`attachment ${attachmentId} of post ${postId}`);
  return { attachment, content: await deps.files.open(attachment.fileKey) };
}
