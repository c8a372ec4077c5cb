/**
 * The words of Octostache's tags, listed once: the parser's types, completion, hover and semantic
 * tokens use this list, and a test checks both TextMate grammars scope every word of it.
 */

/** Words that open a block: `#{if C}`, `#{unless C}`, `#{each x in C}`. */
export const BLOCK_KEYWORDS = ['if', 'unless', 'each'] as const;
export type BlockKeyword = (typeof BLOCK_KEYWORDS)[number];

/** The closing tag of each block: `#{/if}`, `#{/unless}`, `#{/each}`. */
export const CLOSING_KEYWORDS = BLOCK_KEYWORDS.map((keyword) => `/${keyword}` as const);
export type ClosingKeyword = `/${BlockKeyword}`;

/** Every word a tag is made of, closers included (`in` is the one inside `#{each x in C}`). */
export const TEMPLATE_KEYWORDS = [...BLOCK_KEYWORDS, 'elseif', 'else', 'in', 'calc', ...CLOSING_KEYWORDS] as const;
export type TemplateKeyword = (typeof TEMPLATE_KEYWORDS)[number];
