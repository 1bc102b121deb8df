// Choice rules of JSONPath states: comparison operators (plain and ...Path), And / Or / Not.
import { readPath, type PathRoots } from './jsonpath.js';

type Rule = Record<string, unknown>;

const isTimestamp = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v);

function globMatch(value: string, pattern: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) re += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '*') re += '[\\s\\S]*';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(re + '$').test(value);
}

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
      case 'StringEquals':
        return typeof value === 'string' && value === expected;
      case 'StringLessThan':
        return typeof value === 'string' && value < String(expected);
      case 'StringGreaterThan':
        return typeof value === 'string' && value > String(expected);
      case 'StringLessThanEquals':
        return typeof value === 'string' && value <= String(expected);
      case 'StringGreaterThanEquals':
        return typeof value === 'string' && value >= String(expected);
      case 'StringMatches':
        return typeof value === 'string' && globMatch(value, String(expected));
      case 'NumericEquals':
        return typeof value === 'number' && value === Number(expected);
      case 'NumericLessThan':
        return typeof value === 'number' && value < Number(expected);
      case 'NumericGreaterThan':
        return typeof value === 'number' && value > Number(expected);
      case 'NumericLessThanEquals':
        return typeof value === 'number' && value <= Number(expected);
      case 'NumericGreaterThanEquals':
        return typeof value === 'number' && value >= Number(expected);
      case 'BooleanEquals':
        return typeof value === 'boolean' && value === expected;
      case 'TimestampEquals':
        return isTimestamp(value) && Date.parse(value as string) === Date.parse(String(expected));
      case 'TimestampLessThan':
        return isTimestamp(value) && Date.parse(value as string) < Date.parse(String(expected));
      case 'TimestampGreaterThan':
        return isTimestamp(value) && Date.parse(value as string) > Date.parse(String(expected));
      case 'TimestampLessThanEquals':
        return isTimestamp(value) && Date.parse(value as string) <= Date.parse(String(expected));
      case 'TimestampGreaterThanEquals':
        return isTimestamp(value) && Date.parse(value as string) >= Date.parse(String(expected));
    }
  }
  return false;
}
