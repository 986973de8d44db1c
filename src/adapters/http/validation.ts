import type { z } from 'zod';
import { type FieldProblem, InvalidInput } from '../../domain/errors.js';

type Where = 'body' | 'query' | 'params' | 'headers';
type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

const article = (noun: string) => (/^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`);
const kindOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
const EXPECTED: Readonly<Record<string, string>> = { int: 'whole number', object: 'object (JSON)' };

/**
 * The rule an input broke, in words, for zod's generic messages ("Invalid input: expected int,
 * received number"). A schema's own message (`regex(…, 'Enter a valid email address.')`) wins.
 */
export function ruleMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'Required.';
      if (issue.expected === 'int' && typeof issue.input === 'number') return 'Must be a whole number.';
      return `Must be ${article(EXPECTED[issue.expected] ?? issue.expected)}, not ${article(kindOf(issue.input))}.`;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? 'Must not be empty.' : `Must be at least ${min} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Must have at least ${min} item${min === 1 ? '' : 's'}.`;
      return issue.inclusive === false ? `Must be more than ${min}.` : `Must be at least ${min}.`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `Must be at most ${max} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Must have at most ${max} items.`;
      return issue.inclusive === false ? `Must be less than ${max}.` : `Must be at most ${max}.`;
    }
    case 'invalid_format':
      return issue.format === 'regex' ? `Must match ${issue.pattern}.` : `Must be ${article(issue.format)}.`;
    case 'invalid_value':
      return `Must be one of ${issue.values.map(String).join(', ')}.`;
    default:
      return undefined;
  }
}

function valueAt(value: unknown, path: Path): unknown {
  let at = value;
  for (const key of path) at = at !== null && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[key] : undefined;
  return at;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * A union's alternatives (the order body: `{items}` or `{productId, quantity?}`) each report every
 * problem, which says nothing useful together. The alternative whose fields the input uses is the
 * one meant: its problems are the answer. When none fits, the answer names the alternatives.
 */
function unionProblems(issue: Extract<Issue, { code: 'invalid_union' }>, root: unknown, path: Path): FieldProblem[] {
  const input = valueAt(root, path);
  const alternatives = issue.errors.map((issues) => {
    const unknown = issues.flatMap((i) => (i.code === 'unrecognized_keys' && i.path.length === 0 ? i.keys : []));
    const missing = issues.flatMap((i) => (i.code === 'invalid_type' && i.path.length === 1 && valueAt(input, i.path) === undefined ? [String(i.path[0])] : []));
    const wrongType = issues.some((i) => i.code === 'invalid_type' && i.path.length === 0);
    return { issues, unknown, missing, fits: unknown.length === 0 && missing.length === 0 && !wrongType };
  });
  const fitting = alternatives.filter((a) => a.fits).sort((a, b) => a.issues.length - b.issues.length)[0];
  if (fitting) return fitting.issues.flatMap((i) => problemsOf(i, root, path));
  const field = path.map(String).join('/');
  if (!isObject(input) && alternatives.every((a) => a.issues.some((i) => i.code === 'invalid_type' && i.path.length === 0))) {
    const expected = [...new Set(alternatives.flatMap((a) => a.issues.flatMap((i) => (i.code === 'invalid_type' && i.path.length === 0 ? [article(EXPECTED[i.expected] ?? i.expected)] : []))))];
    return [{ field, detail: `Must be ${expected.join(' or ')}, not ${article(kindOf(input))}.` }];
  }
  // Each alternative is named by the fields it requires, or else by the ones it would take from the input.
  const names = alternatives.map((a) => (a.missing.length > 0 ? a.missing : Object.keys(isObject(input) ? input : {}).filter((k) => !a.unknown.includes(k))).join(' and '));
  return [{ field, detail: `Give exactly one of ${[...new Set(names)].filter(Boolean).join(' or ')}.` }];
}

function problemsOf(issue: Issue, root: unknown, base: Path): FieldProblem[] {
  const path = [...base, ...issue.path];
  if (issue.code === 'invalid_union') return unionProblems(issue, root, path);
  const detail = issue.code === 'unrecognized_keys' ? `Unknown field(s): ${issue.keys.join(', ')}.` : issue.message;
  return [{ field: path.map(String).join('/'), detail }];
}

/** What a schema refused, as the domain's `InvalidInput`: one code for refused input, wherever it is refused. */
export function validationProblem(error: z.ZodError, where: Where, input: unknown): InvalidInput {
  const problems = error.issues.flatMap((issue) => problemsOf(issue, input, []));
  const summary = problems.slice(0, 3).map((p) => `${p.field === '' ? '' : `${p.field}: `}${p.detail}`).join(' ');
  return new InvalidInput(`The request ${where} is not valid. ${summary}`.trim(), undefined, problems);
}

/** Parses with `ruleMessage` for zod's generic messages; throws `validationProblem` when refused. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: Where): z.output<S> {
  const result = schema.safeParse(value, { error: ruleMessage });
  if (!result.success) throw validationProblem(result.error, where, value);
  return result.data;
}
