// The Markdown a user or contributor reads: every link inside the project leads somewhere (a file that
// exists, a heading that exists), and nothing that was meant to be filled in later was left in.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PAGES = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** GitHub's anchor for a heading: lower case, punctuation dropped, each space a hyphen. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Links to places inside the project: [text](target), outside code spans and fences. */
function localLinks(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/i.test(t));
}

describe('the project\'s Markdown', () => {
  it('finds the pages and links it checks (so an empty result cannot pass)', () => {
    expect(PAGES).toEqual(expect.arrayContaining(['README.md', 'docs/usage.md', 'docs/security.md', 'docs/how-it-works.md']));
    expect(localLinks(readFileSync(join(ROOT, 'README.md'), 'utf8')).length).toBeGreaterThan(5);
  });

  it('computes anchors the way GitHub does', () => {
    expect(slug('The OS keychain (`--store keychain`)')).toBe('the-os-keychain---store-keychain');
    expect([...anchorsOf('# A\n## A\n```\n# not a heading\n```\n')]).toEqual(['a', 'a-1']);
  });

  it.each(PAGES)('%s: every link inside the project leads to a file and heading that exist', (page) => {
    const text = readFileSync(join(ROOT, page), 'utf8');
    const broken: string[] = [];
    for (const target of localLinks(text)) {
      const [file, anchor] = target.split('#') as [string, string | undefined];
      const path = file === '' ? join(ROOT, page) : join(ROOT, dirname(page), file);
      if (!existsSync(path)) {
        broken.push(`${target}: no file ${relative(ROOT, path)}`);
        continue;
      }
      if (anchor !== undefined && path.endsWith('.md') && !anchorsOf(readFileSync(path, 'utf8')).has(anchor)) broken.push(`${target}: no heading #${anchor}`);
    }
    expect(broken).toEqual([]);
  });

  it.each(PAGES)('%s: holds no placeholder or to-do left for later', (page) => {
    const lines = readFileSync(join(ROOT, page), 'utf8').split('\n');
    const left = lines.filter((line) => /^\s*[A-Z][A-Z0-9]*(_[A-Z0-9]+)+\s*$/.test(line) || /\b(TODO|FIXME|TBD|XXX)\b/.test(line));
    expect(left).toEqual([]);
  });
});
