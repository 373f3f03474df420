import type { ClientName, Platform } from '../platform.ts';

/**
 * The composition root of one container: its platform (configuration, clock,
 * SDK clients) and the adapters built from it so far. A handler's
 * `createHandler` makes one (Lambda calls it once per container; the local
 * runtime once per simulated container) and takes every port from it through
 * the factories beside this file, so each port is built at most once, on
 * first use, whichever use cases share it.
 *
 * The factories are plain functions, one per port and one file per kind of
 * backing service, so a bundle carries only the adapters its function asks for.
 */
export interface CompositionRoot<C extends ClientName = ClientName> {
  readonly platform: Platform<C>;
  readonly built: Map<PortName, unknown>;
  /** The outbox table the stores write their changes' events to; none for a function that announces nothing. */
  readonly outboxTable: string | undefined;
}

export interface RootOptions {
  /**
   * The function's changes announce events, put in the outbox table in the transaction of the
   * change (its description in infra/resources.ts binds that table). Without it a store given
   * events refuses them, as a wiring bug, instead of failing on a missing grant in AWS.
   */
  writesEvents?: boolean;
}

/** One name per port, the same in every handler: what the factories are called. */
export type PortName =
  | 'questions'
  | 'articleDirectory'
  | 'articleReader'
  | 'publications'
  | 'retractions'
  | 'articleLinks'
  | 'articleNotices'
  | 'catalog'
  | 'citations'
  | 'outbox'
  | 'reviewers'
  | 'liveApprovals'
  | 'reviewsDue'
  | 'feedback'
  | 'webhooks'
  | 'generationBudget'
  | 'reviewerNamesQueue'
  | 'withdrawalPages'
  | 'webhookRetries'
  | 'webhookSender'
  | 'cdn'
  | 'businessMetrics'
  | 'library'
  | 'embedder'
  | 'indexBuilder'
  | 'indexRetirement'
  | 'retriever'
  | 'draftGenerator';

export const compositionRoot = <C extends ClientName>(
  platform: Platform<C>,
  options: RootOptions = {},
): CompositionRoot<C> => ({
  platform,
  built: new Map(),
  outboxTable: options.writesEvents ? platform.config.tables.outbox : undefined,
});

/** The root's instance of a port, built by `build` the first time it is asked for. */
export const once = <T>(root: CompositionRoot<never>, port: PortName, build: () => T): T => {
  if (!root.built.has(port)) root.built.set(port, build());
  return root.built.get(port) as T;
};
