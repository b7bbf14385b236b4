/**
 * Text that ends up in a report must be printable: the xlsx and DOCX are XML 1.0, which cannot carry most
 * control characters (a report holding one does not open), and a lone surrogate is not a character at all.
 * Refused where text comes in (the event contract, the narrative, the registry), so it never reaches a
 * renderer.
 */

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
  options: { readonly what?: string; readonly lines?: boolean } = {},
): string | undefined {
  const must = options.what ? `${options.what} must` : 'must';
  if (hasLoneSurrogate(text)) return `${must} be well-formed Unicode (it holds a lone surrogate)`;
  if (hasControlCharacter(text, options)) {
    return options.lines
      ? `${must} not contain control characters (tab and line breaks are fine)`
      : `${must} not contain control characters or line breaks`;
  }
  return undefined;
}
