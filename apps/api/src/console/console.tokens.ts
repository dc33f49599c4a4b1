/** The console's index.html (null when not built), read once at start. */
export const CONSOLE_INDEX = Symbol('CONSOLE_INDEX');
