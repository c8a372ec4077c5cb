/** Character classes as .NET defines them: Octostache's grammar (TemplateParser.cs) and Octopus's OCL parser use them. */

/** .NET `char.IsWhiteSpace` (differs from JS `\s`: includes U+0085, excludes U+FEFF). */
export function isWhiteSpace(c: number): boolean {
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

const letterOrDigit = /[\p{L}\p{Nd}]/u;

/** .NET `char.IsLetter(c) || char.IsDigit(c)` for one UTF-16 unit (lone surrogates are neither). */
export function isLetterOrDigit(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (c >= 0xd800 && c <= 0xdfff) return false;
  return letterOrDigit.test(String.fromCharCode(c));
}

/** Identifier punctuation: `_ - : / ~ ( ) @`. */
export function isIdentifierPunctuation(c: number): boolean {
  return c === 95 || c === 45 || c === 58 || c === 47 || c === 126 || c === 40 || c === 41 || c === 64;
}

/** .NET `string.Trim()` bounds within [start, end). */
export function trimBounds(text: string, start: number, end: number): { start: number; end: number } {
  while (start < end && isWhiteSpace(text.charCodeAt(start))) start++;
  while (end > start && isWhiteSpace(text.charCodeAt(end - 1))) end--;
  return { start, end };
}

export function dotnetTrim(text: string): string {
  const b = trimBounds(text, 0, text.length);
  return text.slice(b.start, b.end);
}
