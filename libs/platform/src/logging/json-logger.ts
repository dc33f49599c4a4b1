import type { LoggerService, LogLevel } from '@nestjs/common';
import pino, { type Logger as Pino } from 'pino';
import { currentContext } from '@jcg/messaging';
import { redactSecrets } from './redact.js';

/** Every line written goes through `redactSecrets` first: no credential of a known shape reaches a log. */
function redacting(destination: pino.DestinationStream): pino.DestinationStream {
  return { write: (line: string) => destination.write(redactSecrets(line)) };
}

/**
 * Nest's logger as JSON lines (pino): each line carries the service, the instance and the
 * correlation id of the request or event being handled. Credentials are redacted from every line.
 */
export class JsonLogger implements LoggerService {
  private readonly pino: Pino;

  constructor(bindings: { service: string; instance: string }, level: string, destination?: pino.DestinationStream) {
    this.pino = pino(
      {
        level,
        base: bindings,
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        mixin: () => {
          const context = currentContext();
          return context ? { correlationId: context.correlationId } : {};
        },
      },
      redacting(destination ?? pino.destination({ sync: true })),
    );
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }
  setLogLevels(levels: LogLevel[]): void {
    if (levels.length === 0) this.pino.level = 'silent';
  }

  /** Nest passes (message, context) or (message, stack, context). */
  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal',
    message: unknown,
    rest: unknown[],
  ): void {
    const strings = rest.filter((r): r is string => typeof r === 'string');
    const context = strings.length > 0 ? strings[strings.length - 1] : undefined;
    const stack = strings.length > 1 ? strings[0] : undefined;
    if (message instanceof Error) {
      this.pino[level]({ context, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.pino[level]({ context, ...message });
    } else {
      this.pino[level]({ context, ...(stack ? { stack } : {}) }, String(message));
    }
  }
}
