/**
 * Date formatters, made once per locale, zone and options and kept. Making an
 * `Intl.DateTimeFormat` costs about 60 µs and native (ICU) memory that V8 frees only when it
 * collects the wrapper, which a small heap rarely does: a fan-out that made a few per invite held
 * over 2 GB after 12,500 invites (bench/README.md). The keys are bounded: a zone that does not
 * exist throws before anything is kept, and the options are the code's own.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

/** Whether a value names an IANA time zone this runtime knows. */
export function isTimeZone(value: string): boolean {
  try {
    dateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
