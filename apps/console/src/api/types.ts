import type { paths } from './schema';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;

/** The JSON body of a route's success answer, e.g. `Answer<'/v1/groups/{groupId}', 'get'>`. */
export type Answer<P extends keyof paths, M extends Method> = paths[P][M] extends { responses: infer R }
  ? Json<R extends { 200: infer A } ? A : R extends { 201: infer A } ? A : R extends { 202: infer A } ? A : never>
  : never;

/** The JSON body a route takes. */
export type Body<P extends keyof paths, M extends Method> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

export type SessionAnswer = Answer<'/v1/session', 'get'>;
export type Principal = SessionAnswer['principal'];
export type Group = Answer<'/v1/groups/{groupId}', 'get'>;
export type Meeting = Answer<'/v1/groups/{groupId}/meetings/{meetingId}', 'get'>;
export type Participant = Answer<'/v1/groups/{groupId}/participants/{participantId}', 'get'>;
