/** Postgres' unique_violation (of one constraint, if named): two writers raced for the same key. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } } | null)?.driverError;
  return driverError?.code === '23505' && (constraint === undefined || driverError.constraint === constraint);
}
