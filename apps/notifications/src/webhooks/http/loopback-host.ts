import { isIP } from 'node:net';
import { bareIp, sameIp } from './ip-literal.js';

/**
 * Recognises URL hosts that can only mean this machine: `localhost` and `*.localhost`
 * (RFC 6761), 127.0.0.0/8 and [::1]. Plain http and loopback delivery are allowed only for
 * these, and only where the deployment allows loopback (development, tests).
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = bareIp(hostname).toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  switch (isIP(host)) {
    case 4:
      return host.startsWith('127.');
    case 6:
      return sameIp(host, '::1');
    default:
      return false;
  }
}
