import { Router } from 'express';
import type { AppDeps } from './http/app-deps';
import { AppError } from '../errors';
import { authorize } from '../policies';
import { parseId } from '../services/form-fields';
import { deletePost, editPost, editSchema, restorePost, threadIdOfPost } from '../services/forums/posts';
import { attachmentMaxBytes, attachToPost, openAttachment } from '../services/forums/attachments';
import { sendStoredFile } from './http/downloads';
import { fieldErrors } from './http/forms';
import { redirectDone } from './http/flash';
import { uploadErrorOf, uploadOf, type UploadTarget } from './http/uploads';
import { launchOf } from './http/session-context';
import { postPath, showThread } from './pages/forum-thread';

/** A file for a post: members who may write in forums, 10 MB; the service checks the post and the content. */
export const forumAttachmentUploadTarget: UploadTarget = {
  path: /^\/forums\/posts\/\d+\/attachments$/,
  mayUpload: (launch) => authorize(launch, 'year.read'),
  maxBytes: () => attachmentMaxBytes,
};

/** What happens to one post: edit in the window, delete and restore, files added and downloaded. */
export function forumPostRoutes(deps: AppDeps): Router {
  const router = Router();
  const { db } = deps;

  router.post('/forums/posts/:postId/edit', (req, res, next) => {
    const launch = launchOf(res);
    const postId = parseId(req.params.postId);
    const parsed = editSchema.safeParse(req.body);
    if (!parsed.success) {
      const errors = { [`edit-${postId}`]: fieldErrors(parsed.error, 'forums.errors').body ?? 'forums.errors.body' };
      threadIdOfPost(db, launch, postId)
        .then((threadId) => showThread(deps, res, threadId, { errors, values: { [`edit-${postId}`]: req.body?.body } }, 422, { atPostId: postId }))
        .catch(next);
      return;
    }
    editPost(db, launch, postId, parsed.data.body).then(({ threadId: id, number }) => redirectDone(res, postPath(launch.base, id, number), 'forum_post_edited', `post-${number}`), next);
  });

  router.post('/forums/posts/:postId/delete', (req, res, next) => {
    const launch = launchOf(res);
    deletePost(db, launch, parseId(req.params.postId)).then(({ threadId, number }) => redirectDone(res, postPath(launch.base, threadId, number), 'forum_post_deleted', `post-${number}`), next);
  });

  router.post('/forums/posts/:postId/restore', (req, res, next) => {
    const launch = launchOf(res);
    restorePost(db, launch, parseId(req.params.postId)).then(({ threadId, number }) => redirectDone(res, postPath(launch.base, threadId, number), 'forum_post_restored', `post-${number}`), next);
  });

  router.post('/forums/posts/:postId/attachments', (req, res, next) => {
    const launch = launchOf(res);
    const postId = parseId(req.params.postId);
    const upload = uploadOf(req);
    const refused = uploadErrorOf(res) ?? (upload ? undefined : new AppError(422, 'forum_file_missing'));
    const showRefusal = (error: AppError) =>
      threadIdOfPost(db, launch, postId).then((threadId) =>
        showThread(deps, res, threadId, { errors: { [`file-${postId}`]: `errors.${error.code}.body` } }, error.status >= 500 ? 422 : Math.max(error.status, 400), { atPostId: postId }),
      );
    if (refused || !upload) {
      Promise.resolve(upload && deps.files.discard(upload.tempPath))
        .then(() => showRefusal(refused!))
        .catch(next);
      return;
    }
    attachToPost(deps, launch, postId, upload).then(
      ({ threadId: id, number }) => redirectDone(res, postPath(launch.base, id, number), 'forum_post_saved', `post-${number}`),
      (error: unknown) => {
        if (error instanceof AppError && (error.code.startsWith('file_') || error.code === 'forum_too_many_files')) showRefusal(error).catch(next);
        else next(error);
      },
    );
  });

  router.get('/forums/posts/:postId/attachments/:attachmentId', (req, res, next) => {
    const launch = launchOf(res);
    openAttachment(deps, launch, parseId(req.params.postId), parseId(req.params.attachmentId)).then(
      ({ attachment, content }) => sendStoredFile(res, { type: attachment.mimeType, size: attachment.bytes, name: attachment.fileName }, content, next),
      next,
    );
  });

  return router;
}
