import { RemoteError } from '@jcg/messaging';

/** The API's own refusals, as problems (the global filter writes them as problem+json). */
export const HttpProblems = {
  unauthenticated: (detail: string) =>
    new RemoteError({ status: 401, code: 'UNAUTHENTICATED', title: 'Unauthenticated', detail }),
  forbidden: (detail = 'This API key may not do that.') =>
    new RemoteError({ status: 403, code: 'FORBIDDEN', title: 'Forbidden', detail }),
  invalidRequest: (issues: string[]) =>
    new RemoteError({
      status: 400,
      code: 'INVALID_REQUEST',
      title: 'Invalid request',
      detail: issues.join('; '),
      extensions: { issues },
    }),
};
