import type { Dialect } from './dialect';

// Each function returns a single word that the dialect's parser turns back into exactly `value`.
// Keys never hold whitespace or control characters (validate.ts), so no form needs to cope with newlines.

/** POSIX sh, bash, zsh, ksh: single quotes keep every byte; a quote is closed, escaped and reopened. */
export function quotePosix(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** fish: inside single quotes only `\\` and `\'` are escapes. */
export function quoteFish(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * tcsh/csh: history substitution sees `!` even inside single quotes, so it is written `\!`
 * (the only backslash sequence csh honours there); a quote is closed, escaped and reopened.
 */
export function quoteTcsh(value: string): string {
  return `'${value.replace(/'/g, `'\\''`).replace(/!/g, '\\!')}'`;
}

// PowerShell treats the typographic single quotes as quote characters too, so they are doubled like '.
const PWSH_QUOTES = /['\u2018\u2019\u201a\u201b]/g;
const isPwshQuote = (ch: string | undefined): boolean =>
  ch === "'" || ch === '\u2018' || ch === '\u2019' || ch === '\u201a' || ch === '\u201b';

/** PowerShell: a verbatim single-quoted string; each quote character is doubled. */
export function quotePwsh(value: string): string {
  return `'${value.replace(PWSH_QUOTES, (q) => q + q)}'`;
}

export function quote(dialect: Dialect, value: string): string {
  switch (dialect) {
    case 'posix':
      return quotePosix(value);
    case 'fish':
      return quoteFish(value);
    case 'tcsh':
      return quoteTcsh(value);
    case 'pwsh':
      return quotePwsh(value);
  }
}

/** The inverse of `quote` for the forms this tool writes; undefined when the text is not such a form. */
export function unquote(dialect: Dialect, text: string): string | undefined {
  switch (dialect) {
    case 'posix':
      return unquoteSingle(text, (rest) => (rest.startsWith(`'\\''`) ? ["'", 4] : undefined));
    case 'tcsh':
      return unquoteSingle(text, (rest) => {
        if (rest.startsWith(`'\\''`)) return ["'", 4];
        if (rest.startsWith('\\!')) return ['!', 2];
        return undefined;
      });
    case 'fish':
      return unquoteSingle(text, (rest) => {
        if (rest.startsWith('\\\\')) return ['\\', 2];
        if (rest.startsWith("\\'")) return ["'", 2];
        return undefined;
      });
    case 'pwsh': {
      if (!isPwshQuote(text[0])) return undefined;
      let out = '';
      // Stryker disable next-line EqualityOperator: a turn past the end only adds to a result that is then dropped (no closing quote: undefined).
      for (let i = 1; i < text.length; i++) {
        const ch = text[i]!;
        if (isPwshQuote(ch)) {
          if (i === text.length - 1) return out;
          if (!isPwshQuote(text[i + 1])) return undefined;
          out += ch;
          i++;
        } else out += ch;
      }
      return undefined;
    }
  }
}

/** Reads `'…'` where `escape` recognises the dialect's sequences; a bare `'` ends the word. */
function unquoteSingle(
  text: string,
  escape: (rest: string) => [string, number] | undefined,
): string | undefined {
  if (!text.startsWith("'")) return undefined;
  let out = '';
  let i = 1;
  // Stryker disable next-line EqualityOperator: a turn past the end only adds to a result that is then dropped (no closing quote: undefined).
  while (i < text.length) {
    const rest = text.slice(i);
    const esc = escape(rest);
    if (esc) {
      out += esc[0];
      i += esc[1];
      continue;
    }
    if (rest[0] === "'") return i === text.length - 1 ? out : undefined;
    out += rest[0];
    i++;
  }
  return undefined;
}
