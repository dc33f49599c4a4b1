import { generateApiKey, hashApiKeySecret, parseApiKey } from './api-key.format.js';

describe('API key format', () => {
  const id = '0196d3e2-7c1a-7b1e-9c43-3f0a4d9a1b2c';

  it('makes a key that parses back to its id and secret hash', () => {
    const made = generateApiKey(id);
    expect(made.key).toMatch(/^jcg_0196d3e27c1a7b1e9c433f0a4d9a1b2c_[A-Za-z0-9_-]{43}$/);
    expect(parseApiKey(made.key)).toEqual({ id, secretHash: made.secretHash });
    expect(made.secretHash).toBe(hashApiKeySecret(made.key.slice(37)));
    expect(made.secretHash).not.toContain(made.key.slice(37));
  });

  it('makes a different secret every time', () => {
    expect(generateApiKey(id).key).not.toBe(generateApiKey(id).key);
  });

  it('refuses anything else', () => {
    for (const bad of [
      '',
      'jcg_',
      'Bearer x',
      `jcg_${'g'.repeat(32)}_${'a'.repeat(43)}`,
      `jcg_${'a'.repeat(32)}_${'a'.repeat(42)}`,
      // 32 hex digits that are no UUID of ours (version or variant bits): refused as unknown, not passed on.
      `jcg_00000000000000000000000000000001_${'a'.repeat(43)}`,
      `jcg_0123456789abcdef0123456789abcdef_${'a'.repeat(43)}`,
    ]) {
      expect(parseApiKey(bad)).toBeNull();
    }
  });
});
