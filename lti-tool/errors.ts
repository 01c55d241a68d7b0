/** Errors the services throw; one middleware renders them in the user's language. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    /** i18n key under "errors." shown to the user */
    readonly code: string,
    /** details for the log only */
    readonly detail?: string,
    /** values the message names ("{{column}}"), shown to the user: never anything they may not see */
    readonly params?: Readonly<Record<string, string | number>>,
  ) {
    super(detail ? `${code}: ${detail}` : code);
  }
}

export const forbidden = (detail?: string) => new AppError(403, 'forbidden', detail);
export const notFound = (detail?: string) => new AppError(404, 'not_found', detail);
export const badRequest = (code: string, detail?: string) => new AppError(400, code, detail);

/** A rejected LTI launch: the reason code is logged and explained to the user. */
export class LaunchRejected extends AppError {
  constructor(
    readonly reason: string,
    status = 401,
    detail?: string,
  ) {
    super(status, 'launch_rejected', detail ?? reason);
  }
}
