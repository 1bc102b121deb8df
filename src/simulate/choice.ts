// Choice rules of JSONPath states: comparison operators (plain and ...Path), And / Or / Not.
import { escapeRegExp } from '../text.js';
import { readPath, type PathRoots } from './jsonpath.js';

type Rule = Record<string, unknown>;

const isTimestamp = (v: unknown) =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v);

function globMatch(value: string, pattern: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) re += escapeRegExp(pattern[++i]);
    else if (c === '*') re += '[\\s\\S]*';
    else re += escapeRegExp(c);
  }
  return new RegExp(re + '$').test(value);
}

// StringLessThan, NumericGreaterThanEquals, TimestampEquals...: a family that says how both sides
// compare (a value of another type never matches), and a relation.
const COMPARISON = /^(String|Numeric|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals)$/;
type Family = 'String' | 'Numeric' | 'Timestamp';
type Relation = 'Equals' | 'LessThan' | 'GreaterThan' | 'LessThanEquals' | 'GreaterThanEquals';
type Comparable = string | number;

const RELATIONS: Record<Relation, (a: Comparable, b: Comparable) => boolean> = {
  Equals: (a, b) => a === b,
  LessThan: (a, b) => a < b,
  GreaterThan: (a, b) => a > b,
  LessThanEquals: (a, b) => a <= b,
  GreaterThanEquals: (a, b) => a >= b,
};

const FAMILIES: Record<
  Family,
  (value: unknown, expected: unknown, relation: Relation) => [Comparable, Comparable] | undefined
> = {
  // StringEquals compares with the expected value as given; the orderings with its text.
  String: (value, expected, relation) =>
    typeof value === 'string'
      ? [value, relation === 'Equals' ? (expected as Comparable) : String(expected)]
      : undefined,
  Numeric: (value, expected) => (typeof value === 'number' ? [value, Number(expected)] : undefined),
  Timestamp: (value, expected) =>
    isTimestamp(value) ? [Date.parse(value as string), Date.parse(String(expected))] : undefined,
};

export function matchRule(rule: Rule, roots: PathRoots): boolean {
  if (Array.isArray(rule.And)) return rule.And.every((r) => matchRule(r as Rule, roots));
  if (Array.isArray(rule.Or)) return rule.Or.some((r) => matchRule(r as Rule, roots));
  if (rule.Not && typeof rule.Not === 'object') return !matchRule(rule.Not as Rule, roots);
  const variable = typeof rule.Variable === 'string' ? rule.Variable : '$';
  let value: unknown;
  try {
    value = readPath(variable, roots);
  } catch {
    value = undefined;
  }
  for (const [op, raw] of Object.entries(rule)) {
    if (op === 'Variable' || op === 'Next' || op === 'Assign' || op === 'Output' || op === 'Comment') continue;
    const isPath = op.endsWith('Path') && op !== 'IsPresent';
    const name = isPath ? op.slice(0, -4) : op;
    const expected = isPath ? readPath(String(raw), roots) : raw;
    const comparison = COMPARISON.exec(name);
    if (comparison) {
      const pair = FAMILIES[comparison[1] as Family](value, expected, comparison[2] as Relation);
      return pair !== undefined && RELATIONS[comparison[2] as Relation](pair[0], pair[1]);
    }
    switch (name) {
      case 'IsPresent':
        return (value !== undefined) === expected;
      case 'IsNull':
        return (value === null) === expected;
      case 'IsString':
        return (typeof value === 'string') === expected;
      case 'IsNumeric':
        return (typeof value === 'number') === expected;
      case 'IsBoolean':
        return (typeof value === 'boolean') === expected;
      case 'IsTimestamp':
        return isTimestamp(value) === expected;
      case 'StringMatches':
        return typeof value === 'string' && globMatch(value, String(expected));
      case 'BooleanEquals':
        return typeof value === 'boolean' && value === expected;
    }
  }
  return false;
}
