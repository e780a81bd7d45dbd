#!/usr/bin/env node
// The command line: argv → command. The only place that exits.
// Exit status: 0 success, 1 the site has errors, 2 wrong usage.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { readSourceText } from './content/source-text.js';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { BuildResult } from './build.js';
import { didYouMean, formatReport } from './diagnostics.js';
import { asLang, chooseLang, render, t, type Lang, type Message, type MessageId } from './messages/index.js';
import { createReporter } from './reporter.js';
import { failureLine, failureOf } from './failure.js';
import { VERSION } from './version.js';
import os from 'node:os';
import v8 from 'node:v8';

// sharp and file I/O run on libuv's thread pool, 4 threads by default: on a newsroom's CI with
// more cores, give it one per core. libuv reads this when the pool first starts, and nothing
// above has used it yet (the build is imported later, on demand).
process.env.UV_THREADPOOL_SIZE ??= String(Math.max(4, os.availableParallelism()));

// A build is one long batch job on a CI runner that may have little memory to spare: the heap
// grows to twice what survived a collection, not V8's four times (peak memory: README, Speed).
// V8 reads this flag at every collection, so setting it here works; `node`'s own flag wins.
if (!process.execArgv.some((a) => a.startsWith('--heap-growing-percent'))) {
  v8.setFlagsFromString('--heap-growing-percent=100');
}

// `midad build | head` closes the pipe early: that is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    // EIO: the terminal closed (midad dev stopping on SIGHUP still says so).
    if (err.code === 'EPIPE' || err.code === 'EIO') process.exit(process.exitCode ?? 0);
    throw err;
  });
}


interface CommandSpec {
  usage: string;
  /** What the command does, for `midad --help` (src/messages). */
  summary: MessageId;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Each option as typed, and what it does (src/messages). */
  help: Array<[syntax: string, text: MessageId]>;
  positionals?: boolean;
}

const common = {
  root: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean', short: 'v' },
  lang: { type: 'string' },
} as const;

const ROOT_HELP: [string, MessageId] = ['--root DIR', 'help-opt-root'];

const COMMANDS: Record<string, CommandSpec> = {
  build: {
    usage: 'midad build [--root DIR] [--out DIR] [--base-url URL] [--drafts] [--future] [--clean]',
    summary: 'help-build',
    options: { ...common, out: { type: 'string' }, 'base-url': { type: 'string' }, drafts: { type: 'boolean' }, future: { type: 'boolean' }, clean: { type: 'boolean' } },
    help: [ROOT_HELP, ['--out DIR', 'help-opt-out'], ['--base-url URL', 'help-opt-base-url'], ['--drafts', 'help-opt-drafts'], ['--future', 'help-opt-future'], ['--clean', 'help-opt-clean']],
  },
  check: {
    usage: 'midad check [--root DIR] [--drafts] [--future]',
    summary: 'help-check',
    options: { ...common, drafts: { type: 'boolean' }, future: { type: 'boolean' } },
    help: [ROOT_HELP, ['--drafts', 'help-opt-check-drafts'], ['--future', 'help-opt-check-future']],
  },
  dev: {
    usage: 'midad dev [--root DIR] [--port N] [--host ADDRESS]',
    summary: 'help-dev',
    options: { ...common, port: { type: 'string', short: 'p' }, host: { type: 'string' } },
    help: [ROOT_HELP, ['--port N', 'help-opt-port'], ['--host ADDRESS', 'help-opt-host']],
  },
  init: {
    usage: 'midad init [DIR]',
    summary: 'help-init',
    options: { help: common.help, quiet: common.quiet, lang: common.lang },
    help: [['DIR', 'help-opt-dir']],
    positionals: true,
  },
  new: {
    usage: 'midad new SLUG [--root DIR] [--section SLUG] [--title TEXT]',
    summary: 'help-new',
    options: { ...common, section: { type: 'string' }, title: { type: 'string' } },
    help: [ROOT_HELP, ['--section SLUG', 'help-opt-section'], ['--title TEXT', 'help-opt-title']],
    positionals: true,
  },
};

class UsageError extends Error {
  constructor(readonly text: Message) {
    super(render(text, 'en'));
  }
}

/** The language of this run's messages: --lang, MIDAD_LANG, the site's language, else English. */
let lang: Lang = 'en';

/** The site's `language:` from ROOT/content/site.yml, read without the build (usage errors need it too). */
function siteLanguage(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--root' || a.startsWith('--root='));
  const root = i < 0 ? '.' : argv[i]!.includes('=') ? argv[i]!.slice('--root='.length) : argv[i + 1] ?? '.';
  let text: string;
  try {
    text = readFileSync(path.join(root, 'content', 'site.yml'), 'utf8');
  } catch {
    return undefined;
  }
  // The site's default language is Arabic.
  return /^language:[ \t]*["']?([A-Za-z-]+)/m.exec(text)?.[1] ?? 'ar';
}

function langFlag(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (i < 0) return undefined;
  return argv[i]!.includes('=') ? argv[i]!.slice('--lang='.length) : argv[i + 1] ?? '';
}

/** `midad --lang en build …` as `midad build … --lang en`: the language may come before the command too. */
function langAfterCommand(argv: string[]): string[] {
  const n = argv[0] === '--lang' ? 2 : argv[0]?.startsWith('--lang=') ? 1 : 0;
  return n && argv.length > n ? [...argv.slice(n), ...argv.slice(0, n)] : argv;
}

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    t(lang, 'help-title'),
    '',
    t(lang, 'help-usage'),
    '',
    t(lang, 'help-commands'),
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${render({ id: c.summary }, lang)}`),
    '',
    t(lang, 'help-options'),
    `  ${t(lang, 'help-help')}`,
    `  ${t(lang, 'help-version')}`,
    `  ${'--lang ar|en'.padEnd(15)}${t(lang, 'help-opt-lang')}`,
    '',
    t(lang, 'help-exit'),
  ].join('\n');
}

function commandHelp(name: string): string {
  const c = COMMANDS[name]!;
  // Options every command shares, after its own; init has no site to be quiet or verbose about.
  const shared: Array<[string, MessageId]> = name === 'init'
    ? [['--quiet, -q', 'help-opt-quiet'], ['--lang ar|en', 'help-opt-lang']]
    : [['--quiet, -q', 'help-opt-quiet'], ['--verbose, -v', 'help-opt-verbose'], ['--lang ar|en', 'help-opt-lang'], ['NO_COLOR=1', 'help-opt-no-color']];
  const rows = [...c.help, ...shared, ['--help, -h', 'help-this'] as [string, MessageId]];
  const width = Math.max(...rows.map(([syntax]) => syntax.length)) + 2;
  const summary = render({ id: c.summary }, lang);
  return [
    t(lang, 'help-command-usage', { usage: c.usage }),
    '',
    // A sentence: English starts it with a capital and ends it with a full stop.
    lang === 'en' ? `${summary[0]!.toUpperCase()}${summary.slice(1)}.` : `${summary}.`,
    '',
    t(lang, 'help-options'),
    ...rows.map(([syntax, text]) => `  ${syntax.padEnd(width)}${render({ id: text }, lang)}`),
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const flag = langFlag(argv);
  lang = chooseLang(flag, process.env.MIDAD_LANG, siteLanguage(argv));
  if (flag !== undefined && !asLang(flag)) throw new UsageError({ id: 'usage-bad-lang', params: { value: flag } });
  const [first, ...rest] = langAfterCommand(argv);
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(mainHelp() + '\n');
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-V') {
    process.stdout.write(`midad ${VERSION}\n`);
    return 0;
  }
  const spec = COMMANDS[first];
  if (!spec) {
    throw new UsageError(first.startsWith('-')
      ? { id: 'usage-unknown-option', params: { option: first, commands: Object.keys(COMMANDS) } }
      : { id: 'usage-unknown-command', params: { command: first, suggestion: didYouMean(first, Object.keys(COMMANDS)) } });
  }
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: rest, options: spec.options, allowPositionals: true, strict: true }) as { values: Record<string, string | boolean | undefined>; positionals: string[] });
  } catch (err) {
    throw new UsageError(argsProblem((err as Error).message, first, Object.keys(spec.options).map((o) => `--${o}`)));
  }
  // The site init writes is in Arabic: its help and messages are, unless --lang or MIDAD_LANG say otherwise.
  if (first === 'init') lang = chooseLang(flag, process.env.MIDAD_LANG, 'ar');
  if (values.help) {
    process.stdout.write(commandHelp(first) + '\n');
    return 0;
  }
  if (positionals.length > (spec.positionals ? 1 : 0)) throw new UsageError({ id: 'usage-extra-argument', params: { argument: positionals[spec.positionals ? 1 : 0], command: first } });
  if (first === 'init') {
    const { initSite } = await import('./commands/init.js');
    const shown = positionals[0] ?? '.';
    const now = process.env.MIDAD_NOW ? new Date(process.env.MIDAD_NOW) : new Date();
    return initSite({ dir: path.resolve(shown), shown, now, lang, quiet: Boolean(values.quiet) });
  }
  const root = path.resolve(typeof values.root === 'string' ? values.root : '.');
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError({ id: 'usage-no-root', params: { root: values.root ?? '.' } });
  const reporter = createReporter({ quiet: Boolean(values.quiet), verbose: Boolean(values.verbose), lang });
  const now = process.env.MIDAD_NOW ? new Date(process.env.MIDAD_NOW) : new Date();

  switch (first) {
    case 'build':
    case 'check': {
      const out = path.resolve(typeof values.out === 'string' ? values.out : path.join(root, 'public'));
      // A flag's bad value is wrong usage (exit 2), like an unknown flag: no site file is at fault.
      if (typeof values['base-url'] === 'string') {
        const { checkBaseUrl } = await import('./config/site.js');
        const checked = checkBaseUrl(values['base-url']);
        if (typeof checked !== 'string') throw new UsageError({ id: 'usage-bad-base-url', params: { reason: render(checked.error, lang) } });
      }
      if (typeof values.out === 'string' && values.out.trim() === '') throw new UsageError({ id: 'usage-empty-out' });
      if (existsSync(out) && !statSync(out).isDirectory()) throw new UsageError({ id: 'usage-out-is-file', params: { out: values.out ?? 'public' } });
      // Imported here, not at the top: --help and usage errors need not load sharp.
      const { build } = await import('./build.js');
      const result = await build({
        root, out, drafts: Boolean(values.drafts), future: Boolean(values.future), clean: Boolean(values.clean),
        write: first === 'build', now, progress: reporter.progress,
        ...(typeof values['base-url'] === 'string' ? { baseUrl: values['base-url'] } : {}),
      });
      reporter.endProgress();
      printDiagnostics(result, root, first === 'build');
      if (result.ok) reporter.summary(first, result, path.relative(process.cwd(), out) || '.');
      return result.ok ? 0 : 1;
    }
    case 'new': {
      const { newArticle } = await import('./commands/new.js');
      if (!positionals[0]) throw new UsageError({ id: 'usage-new-needs-slug' });
      return newArticle({ root, slug: positionals[0], now, lang, quiet: Boolean(values.quiet), ...(typeof values.section === 'string' ? { section: values.section } : {}), ...(typeof values.title === 'string' ? { title: values.title } : {}) });
    }
    case 'dev': {
      const { startDevServer } = await import('./dev/server.js');
      const port = values.port === undefined ? 8080 : /^\d+$/.test(String(values.port).trim()) ? Number(values.port) : NaN;
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError({ id: 'usage-bad-port', params: { value: String(values.port) } });
      // A fixed clock (MIDAD_NOW) stays fixed; otherwise each rebuild reads the time again.
      const host = typeof values.host === 'string' ? values.host.trim() : undefined;
      if (host !== undefined && !/^(?:\[[0-9a-fA-F:.]+\]|[0-9a-fA-F:.]+|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)$/.test(host)) throw new UsageError({ id: 'usage-bad-host', params: { value: host } });
      return startDevServer({ root, port, ...(host !== undefined ? { host } : {}), now: process.env.MIDAD_NOW ? now : () => new Date(), quiet: Boolean(values.quiet), verbose: Boolean(values.verbose), lang });
    }
  }
  return 0;
}

/** What node:util's parseArgs refused, as a message of the catalogue (its own words are English only). */
function argsProblem(detail: string, command: string, known: string[]): Message {
  const option = /'(-{1,2}[^'\s]+)/.exec(detail)?.[1];
  if (option && /Unknown option/.test(detail)) return { id: 'usage-unknown-flag', params: { option, command, suggestion: didYouMean(option, known) } };
  if (option && /argument missing|argument is ambiguous/.test(detail)) return { id: 'usage-flag-value', params: { option } };
  if (option && /does not take an argument/.test(detail)) return { id: 'usage-flag-no-value', params: { option } };
  return { id: 'usage-bad-args', params: { detail: detail.split('\n')[0]!.replace(/\. To specify.*$/, '') } };
}

function printDiagnostics(result: BuildResult, root: string, wrote: boolean): void {
  if (result.diagnostics.length === 0) return;
  const lookup = (file: string): string | undefined => {
    const known = result.sources.get(file);
    if (known !== undefined) return known;
    return readSourceText(root, file);
  };
  process.stderr.write(formatReport(result.diagnostics, lookup, true, lang));
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  if (errors) process.stderr.write(`midad: ${t(lang, 'errors-total', { n: errors, wrote })}\n`);
}

// A promise that can never settle (a child process it waited for, such as Pagefind, killed
// without a word) lets Node run out of work and exit 0 half-way: that must fail, not pass.
let settled = false;
process.on('beforeExit', () => {
  if (settled) return;
  settled = true;
  process.stderr.write(`midad: ${t(lang, 'build-unfinished')}\n`);
  process.exitCode = 1;
});

main(process.argv.slice(2)).then(
  (code) => {
    settled = true;
    process.exitCode = code;
  },
  (err: unknown) => {
    settled = true;
    const failure = failureOf(err);
    if (err instanceof UsageError) {
      process.stderr.write(`midad: ${render(err.text, lang)}\n${t(lang, 'usage-see-help')}\n`);
      process.exitCode = 2;
    } else if (failure) {
      // Not the content's fault, nor midad's: one plain line, and the output folder as it was.
      process.stderr.write(failureLine(failure, 'midad', lang));
      process.exitCode = 1;
    } else {
      // A bug in midad, not in the content: show everything that helps to fix it.
      process.stderr.write(`midad: ${t(lang, 'internal-error', { detail: (err as Error)?.stack ?? String(err) })}\n`);
      process.exitCode = 1;
    }
  },
);
