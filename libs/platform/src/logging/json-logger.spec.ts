import { Writable } from 'node:stream';
import { runInContext } from '@jcg/messaging';
import { JsonLogger } from './json-logger.js';

function capture(): { lines: () => Record<string, unknown>[]; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('JsonLogger', () => {
  it('writes one JSON line per entry with service, instance, context and the correlation id', () => {
    const out = capture();
    const logger = new JsonLogger({ service: 'meetings', instance: 'meetings-1' }, 'info', out.stream);
    runInContext({ correlationId: 'corr-1', causationId: null }, () =>
      logger.log('Meeting announced', 'Announcements'),
    );
    logger.warn('No context here');
    logger.debug('below the level');
    const [first, second, third] = out.lines();
    expect(first).toMatchObject({
      level: 'info',
      service: 'meetings',
      instance: 'meetings-1',
      context: 'Announcements',
      msg: 'Meeting announced',
      correlationId: 'corr-1',
    });
    expect(second).toMatchObject({ level: 'warn', msg: 'No context here' });
    expect(second).not.toHaveProperty('correlationId');
    expect(third).toBeUndefined();
  });

  it('keeps an error\u2019s message and stack', () => {
    const out = capture();
    new JsonLogger({ service: 'api', instance: 'api-1' }, 'info', out.stream).error(new Error('boom'), 'Errors');
    const [line] = out.lines();
    expect(line).toMatchObject({ level: 'error', msg: 'boom', context: 'Errors' });
    expect((line?.err as { stack?: string }).stack).toContain('Error: boom');
  });

  it('redacts credentials from every line, in the message, its fields and an error', () => {
    const out = capture();
    const logger = new JsonLogger({ service: 'api', instance: 'api-1' }, 'debug', out.stream);
    const feed = 'Mw6V_qjntE07reXfgzO8PWXQAhcl3OT_QBGpbKZSkZE';
    const secret = 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=';
    logger.log({ msg: 'request', path: `/v1/calendar/feeds/${feed}.ics` }, 'Http');
    logger.debug(`rotated to ${secret}`);
    logger.error(new Error(`bad ${secret}`), 'Errors');
    const written = JSON.stringify(out.lines());
    expect(out.lines()).toHaveLength(3);
    expect(written).not.toContain(feed);
    expect(written).not.toContain(secret);
    expect(out.lines()[0]).toMatchObject({ path: '/v1/calendar/feeds/[redacted].ics' });
    expect(out.lines()[1]).toMatchObject({ msg: 'rotated to whsec_[redacted]' });
  });
});
