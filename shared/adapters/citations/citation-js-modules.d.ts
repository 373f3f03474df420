/** The little of citation-js this project uses; the packages ship no types. */
declare module '@citation-js/core' {
  export interface CslRecord {
    [field: string]: unknown;
  }
  export class Cite {
    static async(data: unknown, options?: { forceType?: string }): Promise<Cite>;
    data: CslRecord[];
    format(
      format: 'bibliography',
      options: { format: 'text'; template: string; lang: string; asEntryArray: true },
    ): Array<[string, string]>;
  }
  export const plugins: {
    config: {
      get(name: '@csl'): { styles: { add(name: string, xml: string): void; has(name: string): boolean } };
    };
  };
}
declare module '@citation-js/plugin-csl';
declare module '@citation-js/plugin-ris';
declare module '@citation-js/plugin-bibtex';
