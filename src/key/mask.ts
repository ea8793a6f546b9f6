/** The only form in which a key is ever shown: its last four characters after an ellipsis. */
export function maskKey(key: string): string {
  const chars = Array.from(key);
  if (chars.length <= 8) return '…' + '*'.repeat(Math.min(4, chars.length));
  return '…' + chars.slice(-4).join('');
}

/**
 * Replaces every occurrence of each secret in `text` by its mask. This is the last line of
 * defence applied to everything the tool prints; the first is never putting a key into text.
 */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    // Stryker disable next-line ConditionalExpression: a shortcut only: splitting text without the secret gives it back whole.
    if (out.includes(secret)) out = out.split(secret).join(maskKey(secret));
  }
  return out;
}
