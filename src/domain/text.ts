/**
 * What text the shop stores and shows again (names, emails, descriptions) may hold: well-formed
 * Unicode, without control characters (C0, DEL, C1) or the bidirectional embeddings, overrides and
 * isolates that make text display in another order than it reads (U+202A–U+202E, U+2066–U+2069).
 * A lone surrogate makes the JSON that carries it unreadable to strict parsers; the others hide
 * or disguise what a person sees. Multi-line text (a description) keeps tab, line feed and
 * carriage return. Right-to-left scripts need none of these: the marks U+200E/U+200F stay allowed.
 */
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const FORBIDDEN_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const FORBIDDEN_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `text` cannot be stored, or `null` when it can. */
export function textProblem(text: string, options: Readonly<{ multiline?: boolean }> = {}): string | null {
  if (UNPAIRED_SURROGATE.test(text)) return 'Must be well-formed Unicode: it holds an unpaired surrogate.';
  const forbidden = (options.multiline ? FORBIDDEN_IN_TEXT : FORBIDDEN_IN_LINE).exec(text);
  if (!forbidden) return null;
  const char = forbidden[0];
  const kind = /[\u202a-\u202e\u2066-\u2069]/.test(char) ? 'a bidirectional control' : 'a control character';
  return `Must not contain ${codePoint(char)} (${kind}).`;
}
