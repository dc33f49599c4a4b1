import { randomBytes } from 'node:crypto';
import { generateApiKey } from '@jcg/contracts';
import { redactSecrets } from './redact.js';

const token = () => randomBytes(32).toString('base64url');

describe('redactSecrets', () => {
  it('takes the secret out of every credential the system issues, keeping what names it', () => {
    const key = generateApiKey('0196d3e2-7c1a-7b1e-9c43-3f0a4d9a1b2c').key;
    const whsec = `whsec_${randomBytes(24).toString('base64')}`;
    const feed = token();
    const probed = token();
    const link = token();
    const bearer = token();
    const session = `0196d3e2-7c1a-7b1e-9c43-3f0a4d9a1b2c.${token()}`;
    const text = [
      `key ${key} refused`,
      `{"secret":"${whsec}"}`,
      `GET /v1/calendar/feeds/${feed}.ics 200`,
      `{"path":"/v1/calendar/feeds/${feed}"}`,
      `GET /v1/calendar/feeds/${probed}/x 404`,
      `cookie: jcg_session=${session}; other=1`,
      `http://localhost:3000/sign-in#token=${link}`,
      `authorization: Bearer ${bearer}`,
    ].join('\n');
    const out = redactSecrets(text);
    for (const secret of [key.slice(37), whsec.slice(6), feed, probed, session, link, bearer])
      expect(out).not.toContain(secret);
    expect(out).toContain(`${key.slice(0, 37)}[redacted]`);
    expect(out).toContain('/v1/calendar/feeds/[redacted].ics 200');
    expect(out).toContain('{"path":"/v1/calendar/feeds/[redacted]"}');
    expect(out).toContain('/v1/calendar/feeds/[redacted]/x 404');
    expect(out).toContain('jcg_session=[redacted]; other=1');
    expect(out).toContain('/sign-in#token=[redacted]');
  });

  it('leaves text without credentials as it is', () => {
    const text = '{"msg":"request","method":"GET","path":"/v1/calendar/groups/0196d3e2.ics","status":200}';
    expect(redactSecrets(text)).toBe(text);
  });
});
