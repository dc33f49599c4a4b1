/** Where a report to a body is mailed: the body's secretariat at TSB (configured per body). */
export const SECRETARIATS = Symbol('SECRETARIATS');

export type Secretariats = (body: string) => string;

/**
 * Parses SECRETARIAT_EMAILS (`SG17=tsbsg17@itu.int,TSAG=tsbtsag@itu.int`): a body not listed
 * gets TSB's usual address for it (`tsbsg17@itu.int`, `tsbtsag@itu.int`).
 */
export function secretariatsFrom(env: NodeJS.ProcessEnv): Secretariats {
  const listed = new Map<string, string>();
  for (const entry of (env.SECRETARIAT_EMAILS ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const match = /^(SG\d{1,2}|TSAG)=([^\s@,]+@[^\s@,]+\.[^\s@,]+)$/.exec(entry);
    if (!match) throw new Error(`Invalid SECRETARIAT_EMAILS entry: "${entry}" (e.g. SG17=tsbsg17@itu.int)`);
    listed.set(match[1], match[2]);
  }
  return (body) => listed.get(body) ?? `tsb${body.toLowerCase()}@itu.int`;
}
