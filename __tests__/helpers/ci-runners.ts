// How each CI runner reads what the tool leaves for it, re-implemented from the runners' documented rules,
// so tests check the result the way the runner would consume it — not the way the tool meant to write it.
import { expectNoKey } from './leak';

/**
 * The GitHub runner's reading of a $GITHUB_ENV / $GITHUB_OUTPUT file: each non-empty line is `NAME=value`
 * or `NAME<<DELIMITER`, whichever of `=` and `<<` comes first; a heredoc value runs up to the first line
 * exactly equal to the delimiter, which must itself end with a newline. Any other line is an error.
 */
export function parseGithubFile(text: string): [string, string][] {
  const out: [string, string][] = [];
  let index = 0;
  const readLine = (): { line: string; newline: string | undefined } | undefined => {
    if (index >= text.length) return undefined;
    const lf = text.indexOf('\n', index);
    if (lf === -1) {
      const line = text.slice(index);
      index = text.length;
      return { line, newline: undefined };
    }
    const crlf = lf > index && text[lf - 1] === '\r';
    const line = text.slice(index, crlf ? lf - 1 : lf);
    index = lf + 1;
    return { line, newline: crlf ? '\r\n' : '\n' };
  };
  for (let r = readLine(); r !== undefined; r = readLine()) {
    const { line } = r;
    if (line === '') continue;
    const eq = line.indexOf('=');
    const hd = line.indexOf('<<');
    if (eq >= 0 && (hd < 0 || eq < hd)) {
      const name = line.slice(0, eq);
      if (!name) throw new Error(`Invalid format '${line}'. Name must not be empty`);
      out.push([name, line.slice(eq + 1)]);
    } else if (hd >= 0 && (eq < 0 || hd < eq)) {
      const name = line.slice(0, hd);
      const delimiter = line.slice(hd + 2);
      if (!name || !delimiter) throw new Error(`Invalid format '${line}'. Name and delimiter must not be empty`);
      const start = index;
      let end = index;
      let next = readLine();
      while (next === undefined || next.line !== delimiter) {
        if (next === undefined) throw new Error(`Matching delimiter not found '${delimiter}'`);
        if (next.newline === undefined) throw new Error('EOF marker missing new line');
        end = index - next.newline.length;
        next = readLine();
      }
      out.push([name, end > start ? text.slice(start, end) : '']);
    } else throw new Error(`Invalid format '${line}'`);
  }
  return out;
}

/** The environment later steps get: later entries win. */
export const githubEnvOf = (text: string): Map<string, string> => new Map(parseGithubFile(text));

/** The GitHub runner's parse of `::command k=v,…::data` (data un-escaped: %0D, %0A, then %25). */
export function parseGithubCommand(line: string): { command: string; properties: Record<string, string>; data: string } | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('::')) return undefined;
  const end = trimmed.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = trimmed.slice(2, end);
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  const properties: Record<string, string> = {};
  if (space >= 0) {
    for (const pair of info.slice(space + 1).split(',')) {
      const eq = pair.indexOf('=');
      if (eq > 0) properties[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  const data = trimmed.slice(end + 2).replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  return { command, properties, data };
}

/** The Azure agent's parse of `##vso[area.event k=v;…]data` (un-escaping as the agent does, %AZP25 last). */
export function parseAzureCommand(line: string): { command: string; properties: Record<string, string>; data: string } | undefined {
  const prefix = line.indexOf('##vso[');
  if (prefix < 0) return undefined;
  const rb = line.indexOf(']', prefix);
  if (rb < 0) return undefined;
  const inner = line.slice(prefix + '##vso['.length, rb);
  const space = inner.indexOf(' ');
  const command = space < 0 ? inner : inner.slice(0, space);
  const unescape = (s: string): string =>
    s.replace(/%3B/g, ';').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%5D/g, ']').replace(/%AZP25/g, '%');
  const properties: Record<string, string> = {};
  if (space >= 0) {
    for (const pair of inner.slice(space + 1).split(';')) {
      const eq = pair.indexOf('=');
      if (eq > 0) properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1));
    }
  }
  return { command, properties, data: unescape(line.slice(rb + 1)) };
}

/**
 * Asserts the key appears in `output` only inside the expected key-carrying command lines (add-mask or
 * Azure's secret setvariable); returns those lines.
 */
export function expectKeyOnlyInCommands(output: string, key: string, isCarrier: (line: string) => boolean): string[] {
  const lines = output.split('\n');
  const carriers = lines.filter(isCarrier);
  expectNoKey(lines.filter((l) => !isCarrier(l)).join('\n'), key, 'output outside the CI commands');
  return carriers;
}
