/** The few API calls a benchmark needs, with an administrator's key (or another one). */
export class BenchApi {
  constructor(
    readonly base: string,
    readonly adminKey: string,
  ) {}

  async call<T>(method: string, path: string, body?: unknown, key = this.adminKey): Promise<T> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  /** A new key for TSB (integrators propose and announce for the co-convenors). */
  async tsbKey(): Promise<string> {
    return (
      await this.call<{ key: string }>('POST', '/v1/api-keys', {
        label: 'bench tsb',
        owner: { kind: 'integrator', integrator: 'tsb' },
      })
    ).key;
  }
}
