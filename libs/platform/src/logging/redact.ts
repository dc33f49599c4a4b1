/**
 * Credentials the system issues, by their shape, each with what is kept of it. A credential is
 * never meant to reach a log line or an error answer; these patterns are the last line of
 * defence for those that travel where text is written anyway (a feed token is in its URL).
 */
const CREDENTIALS: readonly [RegExp, string][] = [
  // An API key: its id is kept (it names the key), its secret never.
  [/\b(jcg_[0-9a-f]{32}_)[A-Za-z0-9_-]+/g, '$1[redacted]'],
  // A Standard Webhooks secret (ours or TSB's).
  [/\bwhsec_[A-Za-z0-9+/=_-]+/g, 'whsec_[redacted]'],
  // A personal calendar feed: the token in the URL is the credential.
  [/(\/calendar\/feeds\/)[^/?#\s"'\\]+?(\.ics\b|(?=[/?#\s"'\\]|$))/g, '$1[redacted]$2'],
  // A session cookie (session id and secret).
  [/\b(jcg_session=)[^;\s"'\\]+/g, '$1[redacted]'],
  // A sign-in link's token (in its fragment), or any token passed as a parameter.
  [/([#?&]token=)[^&#\s"'\\]+/g, '$1[redacted]'],
  // An Authorization header's credential.
  [/\b(Bearer\s+)[^\s"'\\,]+/gi, '$1[redacted]'],
];

/** The text with every credential of a known shape replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of CREDENTIALS) out = out.replace(pattern, replacement);
  return out;
}
