// The key must never be printed. These helpers look for it — and for long pieces of it — in captured text.

/** Every 8-character window of the key (its masked form shows only the last 4). */
function fragments(key: string): string[] {
  const chars = Array.from(key);
  if (chars.length < 8) return [key];
  const out: string[] = [];
  for (let i = 0; i + 8 <= chars.length; i++) out.push(chars.slice(i, i + 8).join(''));
  return out;
}

/** Throws if `text` holds the key, its JSON-escaped form, or any 8-character piece of it. */
export function expectNoKey(text: string, key: string, where = 'output'): void {
  if (key.length === 0) return;
  const forms = [key, JSON.stringify(key).slice(1, -1)];
  for (const form of forms) {
    if (text.includes(form)) throw new Error(`The key appeared in ${where}.`);
  }
  for (const piece of fragments(key)) {
    if (text.includes(piece)) throw new Error(`An 8-character piece of the key appeared in ${where}.`);
  }
}
