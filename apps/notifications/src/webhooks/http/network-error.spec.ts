import { runInNewContext } from 'node:vm';
import { describeNetworkError } from './network-error.js';

describe('describeNetworkError', () => {
  it('uses the message, adding the code when the message lacks it', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    expect(describeNetworkError(refused)).toBe('connect ECONNREFUSED 127.0.0.1:9');
    const tls = Object.assign(new Error('self-signed certificate\n'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(describeNetworkError(tls)).toBe('self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)');
  });

  it('reads errors from another realm and values that are not errors', () => {
    const foreign: unknown = runInNewContext('Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })');
    expect(foreign instanceof Error).toBe(false);
    expect(describeNetworkError(foreign)).toBe('socket hang up (ECONNRESET)');
    expect(describeNetworkError('boom')).toBe('boom');
    expect(describeNetworkError(new Error(''))).toBe('connection failed');
  });
});
