import { parentPort } from 'node:worker_threads';
import { threadFailure, type ThreadReply, type ThreadRequest } from './thread-protocol.js';

/** The thread's side of `RequestThread`: each request handled as it comes, answered once with its id. */
export function serveRequests<Request, Reply>(name: string, handle: (request: Request) => Promise<Reply>): void {
  const port = parentPort!;
  port.on('message', ({ id, request }: ThreadRequest<Request>) => {
    Promise.resolve()
      .then(() => handle(request))
      .then(
        (value): void => port.postMessage({ id, ok: true, value } satisfies ThreadReply<Reply>),
        (error: unknown): void =>
          port.postMessage({
            id,
            ok: false,
            error: threadFailure(error, `the ${name} thread failed`),
          } satisfies ThreadReply<Reply>),
      );
  });
}
