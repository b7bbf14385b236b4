/**
 * Text that ends up in a report must be printable: the xlsx and DOCX are XML 1.0, which cannot carry most
 * control characters (a report holding one does not open), and a lone surrogate is not a character at all.
 * Refused where text comes in (the event contract, the narrative, the registry), so it never reaches a
 * renderer.
 *
 * Identifiers and labels must also say what they show. A bidirectional control (U+202E RIGHT-TO-LEFT
 * OVERRIDE …) reorders the characters on screen, so a label or id can read as another one ("Trojan Source");
 * an invisible zero-width character makes two ids that look the same different (and one id look like
 * another). Ids refuse both; labels refuse the bidi controls — a one-line label in an RTL script still
 * displays right without them — but keep zero-width characters, which emoji sequences (ZWJ) and some
 * scripts (ZWNJ) need.
 */

/** Explicit bidirectional formatting characters: embeddings, overrides, isolates and the three marks. */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
/** Invisible characters of no width: ZWSP, ZWNJ, ZWJ, WORD JOINER, and the BOM / ZWNBSP. */
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** `U+202E at position 3` (1-based, in UTF-16 code units as a JavaScript string counts them). */
function located(text: string, pattern: RegExp): string | undefined {
  const match = pattern.exec(text);
  if (!match) return undefined;
  const code = (match[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0');
  return `U+${code} at position ${match.index + 1}`;
}

/** A C0 or C1 control character or DEL; with `lines`, tab, line feed and carriage return are allowed. */
export function hasControlCharacter(text: string, options: { readonly lines?: boolean } = {}): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (options.lines && (code === 0x09 || code === 0x0a || code === 0x0d)) continue;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
export function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return true;
    } else if (code >= 0xdc00 && code <= 0xdfff) return true;
  }
  return false;
}

/**
 * Why this text cannot be printed, or undefined when it can. The reason starts with `what` (`source must
 * not …`), or with `must` when the field path already names the text.
 */
export function unprintableReason(
  text: string,
  options: {
    readonly what?: string;
    readonly lines?: boolean;
    /** `identifier`: no bidi controls and no zero-width characters; `label`: no bidi controls. */
    readonly kind?: 'identifier' | 'label';
  } = {},
): string | undefined {
  // Printable ASCII (most ids and labels) holds none of what follows.
  if (PRINTABLE_ASCII.test(text)) return undefined;
  const must = options.what ? `${options.what} must` : 'must';
  if (hasLoneSurrogate(text)) return `${must} be well-formed Unicode (it holds a lone surrogate)`;
  if (hasControlCharacter(text, options)) {
    return options.lines
      ? `${must} not contain control characters (tab and line breaks are fine)`
      : `${must} not contain control characters or line breaks`;
  }
  if (options.kind !== undefined) {
    const bidi = located(text, BIDI_CONTROL);
    if (bidi) {
      return `${must} not contain bidirectional control characters, which reorder what is shown (${bidi})`;
    }
  }
  if (options.kind === 'identifier') {
    const invisible = located(text, ZERO_WIDTH);
    if (invisible) {
      return `${must} not contain zero-width characters, which make different ids look the same (${invisible})`;
    }
  }
  return undefined;
}
