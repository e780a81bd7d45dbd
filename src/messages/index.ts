// midad's own messages in the editor's language: Arabic or English (the same ids in both).
// A diagnostic keeps its message as an id and parameters, so it is put into words only when
// it is printed, in the language of that run (--lang, MIDAD_LANG, else the site's language).

import { ar } from './ar.js';
import { en } from './en.js';

export type Lang = 'ar' | 'en';
export const LANGS: readonly Lang[] = ['ar', 'en'];
export const CATALOGUES: Record<Lang, Record<string, (p: never) => string>> = { ar, en };

export type MessageId = keyof typeof en;
/** A message's parameters; a text parameter may be a message itself, worded in the same language. */
type ParamsOf<K extends MessageId> = Nested<Parameters<(typeof en)[K]>[0]>;
type Nested<P> = P extends undefined ? P : { [N in keyof P]: P[N] extends string ? P[N] | Message : P[N] };

/**
 * A message not yet in words: its id and its parameters (plain data, safe to send between threads).
 * A did-you-mean is the parameter `suggestion`, the value the message proposes: a diagnostic
 * keeps it as its `expected` value (src/diagnostics.ts), and the catalogue words it in each language.
 */
export interface Message {
  id: MessageId;
  params?: Record<string, unknown>;
}

/** A message with its typed parameters. */
export function msg<K extends MessageId>(id: K, ...params: ParamsOf<K> extends undefined ? [] : [ParamsOf<K>]): Message {
  return params[0] === undefined ? { id } : { id, params: params[0] as Record<string, unknown> };
}

export function isMessage(x: unknown): x is Message {
  return typeof x === 'object' && x !== null && typeof (x as Message).id === 'string' && (x as Message).id in en;
}

/** The message in words. */
export function render(m: Message, lang: Lang): string {
  const fn = CATALOGUES[lang][m.id] as ((p: unknown) => string) | undefined;
  return (fn ?? (en[m.id] as (p: unknown) => string))(wordedParams(m.params, lang));
}

/** The parameters, with those that are messages themselves put into words. */
function wordedParams(params: Message['params'], lang: Lang): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key in params) {
    if (isMessage(params[key])) (out ??= { ...params })[key] = render(params[key], lang);
  }
  return out ?? params ?? {};
}

/** `t('ar', 'count-articles', { n: 3 })`: a message in words at once. */
export function t<K extends MessageId>(lang: Lang, id: K, ...params: ParamsOf<K> extends undefined ? [] : [ParamsOf<K>]): string {
  return render(msg(id, ...params), lang);
}

/** A value given by --lang or MIDAD_LANG, or undefined when it names no language midad speaks. */
export function asLang(value: string | undefined): Lang | undefined {
  const primary = value?.trim().toLowerCase().split(/[-_.]/)[0];
  return (LANGS as readonly string[]).includes(primary ?? '') ? (primary as Lang) : undefined;
}

/** The language of a run: --lang, else MIDAD_LANG, else the site's language when midad has it, else English. */
export function chooseLang(flag: string | undefined, env: string | undefined, siteLanguage: string | undefined): Lang {
  return asLang(flag) ?? asLang(env) ?? asLang(siteLanguage) ?? 'en';
}
