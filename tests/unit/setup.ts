// Every unit test reads the app in English, as a page does once its catalog has loaded (the page
// loads it as a chunk: src/i18n/language.ts).
import { en } from '../../src/i18n/messages/en.ts';
import { formatMessage } from '../../src/i18n/format.ts';
import { active } from '../../src/i18n/translate.ts';

Object.assign(active, { locale: 'en', messages: en, format: formatMessage });
