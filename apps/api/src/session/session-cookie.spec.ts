import { newSecret } from '@jcg/contracts';
import { csrfTokenOf, sessionCookie, sessionFrom } from './session-cookie.js';

describe('the session cookie', () => {
  const id = '0193a1b2-0c3d-7e4f-8a5b-6c7d8e9f0a1b';
  const secret = newSecret();

  it('reads the session among other cookies, and nothing malformed', () => {
    expect(sessionFrom({ cookie: `theme=dark; jcg_session=${id}.${secret}; x=1` })).toEqual({ sessionId: id, secret });
    expect(sessionFrom({ cookie: `jcg_session=${id}` })).toBeNull();
    expect(sessionFrom({ cookie: `jcg_session=not-a-uuid.${secret}` })).toBeNull();
    expect(sessionFrom({ cookie: `jcg_sessionx=${id}.${secret}` })).toBeNull();
    expect(sessionFrom({})).toBeNull();
  });

  it('is HttpOnly and SameSite=Lax always, Secure except on a loopback host', () => {
    expect(sessionCookie('v', 60, 'localhost:3000')).toBe('jcg_session=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=60');
    expect(sessionCookie('v', 60, '127.0.0.1')).not.toContain('Secure');
    expect(sessionCookie('v', 60, 'cg.itu.int')).toContain('; Secure');
  });

  it('derives a CSRF token per session that does not reveal the secret', () => {
    expect(csrfTokenOf(secret)).toBe(csrfTokenOf(secret));
    expect(csrfTokenOf(secret)).not.toBe(csrfTokenOf(newSecret()));
    expect(csrfTokenOf(secret)).not.toContain(secret);
  });
});
