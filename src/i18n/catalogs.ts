import type { Messages } from './types.ts';

/**
 * Each language's catalog, a lazy chunk of its own (the viewer downloads only theirs). Adding a
 * language: its file in messages/ (`export const de: Messages = {…}`) and its line here (README,
 * Localization: How to add a language).
 */
export const CATALOGS: Readonly<Record<string, () => Promise<Messages>>> = {
  en: () => import('./messages/en.ts').then((module) => module.en),
  es: () => import('./messages/es.ts').then((module) => module.es),
  de: () => import('./messages/de.ts').then((module) => module.de),
  fr: () => import('./messages/fr.ts').then((module) => module.fr),
  'pt-BR': () => import('./messages/pt-BR.ts').then((module) => module.ptBR),
  ja: () => import('./messages/ja.ts').then((module) => module.ja),
  ar: () => import('./messages/ar.ts').then((module) => module.ar),
};

/** The languages shipped, as the setting lists them. */
export const SHIPPED = Object.keys(CATALOGS);
