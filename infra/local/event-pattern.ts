/**
 * The part of EventBridge's pattern language the resource description uses:
 * a field matches when its value is one of the listed values, and nested
 * objects match field by field. Anything else in a pattern is refused, so
 * the local runtime can never silently disagree with AWS.
 */
export const matchesPattern = (pattern: Record<string, unknown>, event: unknown): boolean => {
  if (typeof event !== 'object' || event === null) return false;
  return Object.entries(pattern).every(([field, expected]) => {
    const actual = (event as Record<string, unknown>)[field];
    if (Array.isArray(expected)) {
      if (expected.some((value) => typeof value === 'object' && value !== null)) {
        throw new Error(`Unsupported pattern operator on "${field}"`);
      }
      const values = Array.isArray(actual) ? actual : [actual];
      return values.some((value) => expected.includes(value));
    }
    if (typeof expected === 'object' && expected !== null) {
      return matchesPattern(expected as Record<string, unknown>, actual);
    }
    throw new Error(`Pattern field "${field}" must be an array of values or an object`);
  });
};
