/**
 * citation-js, loaded on first use. It and its plugins weigh several
 * megabytes, so nothing imports them at module top level: only the library
 * loader (a CLI) and the AMA formatter ever pay for them.
 */
import type { Cite as CiteClass, plugins as Plugins } from '@citation-js/core';

export interface CitationJs {
  Cite: typeof CiteClass;
  plugins: typeof Plugins;
}

let loading: Promise<CitationJs> | undefined;

export const loadCitationJs = (): Promise<CitationJs> => {
  loading ??= (async () => {
    const core = await import('@citation-js/core');
    // The plugins register themselves with core's registry when imported.
    await Promise.all([
      import('@citation-js/plugin-csl'),
      import('@citation-js/plugin-ris'),
      import('@citation-js/plugin-bibtex'),
    ]);
    return { Cite: core.Cite, plugins: core.plugins };
  })();
  return loading;
};
