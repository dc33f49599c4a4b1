import type { LookupFunction } from 'node:net';

/**
 * A `lookup` for `http.request` that answers every query with the address already checked by
 * `resolveTarget`, so the connection goes exactly there even if the name's DNS records change
 * in between (DNS rebinding), while the request keeps the name for Host, SNI and the
 * certificate check. Answers both forms Node asks for: one address, or all (`autoSelectFamily`).
 */
export function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return (_hostname, options, callback) => {
    process.nextTick(() => {
      if (options.all === true) callback(null, [{ address, family }]);
      else callback(null, address, family);
    });
  };
}
