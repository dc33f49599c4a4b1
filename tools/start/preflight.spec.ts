import { redisVersionProblem } from './preflight';

const info = (version: string) => `# Server\r\nredis_version:${version}\r\nredis_mode:standalone\r\n`;

describe('redisVersionProblem', () => {
  it.each(['7.0.15', '7.2.4', '8.0.1'])('accepts Redis %s', (version) => {
    expect(redisVersionProblem(info(version))).toBeNull();
  });

  it.each(['6.2.14', '5.0.7'])('refuses Redis %s, saying what is needed and why', (version) => {
    expect(redisVersionProblem(info(version))).toBe(
      `Redis 7 or newer is needed (this one is ${version}): queries wait on BLMPOP.`,
    );
  });

  it('lets a server that does not say its version through', () => {
    expect(redisVersionProblem('# Server\r\nredis_mode:standalone\r\n')).toBeNull();
  });
});
