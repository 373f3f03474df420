import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ArticleLinks, linkedSlugs, type SimilarLink } from '../../shared/domain/article-links.ts';
import { MIN_SIMILARITY } from '../../shared/domain/related-graph.ts';
import type { LiveArticle } from '../../shared/ports/live-articles.ts';
import {
  type PropagateDeps,
  propagatePublication,
  propagateRetraction,
} from '../../shared/use-cases/propagate-article.ts';
import { unlinksAfter } from '../../shared/use-cases/publication-links.ts';
import { InMemoryArticleWriter } from '../support/in-memory-article-writer.ts';
import { liveArticle } from '../support/live-article.ts';

/**
 * Link maintenance converges whatever the order and multiplicity of its events: a handful of
 * articles (more than SIMILAR_TOP_K, so neighbours fill up and evict) are published, retitled
 * (a new version, with other content and so other similarities), retracted and republished, while
 * the events of those changes are delivered in random order, some of them twice; then every
 * pending event is delivered. The read model must then hold: every `similar` link is mirrored
 * (with the same weight), no live article lists one that is not live, every parent lists its
 * follow-ups and every follow-up its parent, and every link carries the current title.
 *
 * The writes stand in for publish-article and the retraction (what the DynamoDB adapter does in
 * one transaction each); the propagation is the real use case against the in-memory writer.
 */

const SLUGS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

type Command =
  | { kind: 'publish'; article: number; variant: number }
  | { kind: 'retract'; article: number }
  | { kind: 'deliver'; pick: number; again: boolean };

type Pending = { type: 'published'; slug: string } | { type: 'retracted'; slug: string; eventId: string };

/** A symmetric similarity per pair of (article, content variant), ties and sub-threshold values included. */
const similarity = (seed: number, a: string, va: number, b: string, vb: number): number => {
  const [x, y] = a < b ? [`${a}${va}`, `${b}${vb}`] : [`${b}${vb}`, `${a}${va}`];
  let hash = seed >>> 0;
  for (const char of `${x}|${y}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x5bd1e995) >>> 0;
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0x5bd1e995) >>> 0;
  return ((hash >>> 8) % 10) / 10;
};

class Model {
  readonly store = new InMemoryArticleWriter();
  readonly pending: Pending[] = [];
  private readonly versions = new Map<string, number>();
  private readonly variants = new Map<string, number>();
  private retractions = 0;
  private clock = Date.parse('2026-01-01T00:00:00.000Z');

  constructor(
    private readonly seed: number,
    private readonly parents: Map<string, string>,
  ) {}

  /** A first publication, a republication after a retraction, or a new version (retitle) of a live one. */
  publish(slug: string, variant: number): void {
    const previous = this.store.live.get(slug);
    const version = (this.versions.get(slug) ?? 0) + 1;
    this.clock += 1000;
    const similar: SimilarLink[] = [...this.store.live.values()]
      .filter((other) => other.slug !== slug)
      .map((other) => ({
        slug: other.slug,
        id: other.id,
        title: other.title,
        weight: similarity(this.seed, slug, variant, other.slug, this.variants.get(other.slug) ?? 0),
      }))
      .filter((link) => link.weight >= MIN_SIMILARITY)
      .sort((x, y) => y.weight - x.weight || (x.slug < y.slug ? -1 : 1))
      .slice(0, 5);
    const parent = this.store.live.get(this.parents.get(slug) ?? '');
    const links: ArticleLinks = {
      similar,
      ...(parent ? { parent: { slug: parent.slug, id: parent.id, title: parent.title } } : {}),
      followUps: previous?.links.followUps ?? [],
    };
    const article: LiveArticle = {
      ...liveArticle(
        slug,
        links,
        version,
        `${slug.toUpperCase()} v${version}`,
        new Date(this.clock).toISOString(),
      ),
      linksRev: (previous?.linksRev ?? 0) + 1,
      unlinks: unlinksAfter(previous, links, previous ? [] : (this.store.retracted.get(slug) ?? [])),
    };
    this.versions.set(slug, version);
    this.variants.set(slug, variant);
    this.store.live.set(slug, article);
    this.pending.push({ type: 'published', slug });
  }

  /** What the adapter's retract does: the live item goes, its version notes whom it listed. */
  retract(slug: string): void {
    const live = this.store.live.get(slug);
    if (!live) return;
    this.store.live.delete(slug);
    this.store.retracted.set(slug, [...new Set([...linkedSlugs(live.links), ...live.unlinks])]);
    this.pending.push({
      type: 'retracted',
      slug,
      eventId: `article.retracted:${slug}:${++this.retractions}`,
    });
  }

  /** Before each read or write of the propagation: where concurrent deliveries interleave. */
  pause: () => Promise<unknown> = async () => undefined;

  /** What the propagation sees: the store, each call after a pause. */
  private readonly links: PropagateDeps['links'] = {
    getLive: async (slug) => {
      await this.pause();
      return this.store.getLive(slug);
    },
    retractedLinks: async (slug) => {
      await this.pause();
      return this.store.retractedLinks(slug);
    },
    relink: async (slug, change, options) => {
      await this.pause();
      return this.store.relink(slug, change, options);
    },
  };

  /** Runs the consumer of a pending event; a failed run puts it back, as SQS would redeliver it. */
  async deliver(index: number, again: boolean): Promise<void> {
    const [event] = again ? this.pending.slice(index, index + 1) : this.pending.splice(index, 1);
    if (!event) return;
    const deps = { links: this.links };
    try {
      if (event.type === 'published') await propagatePublication(deps, { slug: event.slug });
      else await propagateRetraction(deps, { slug: event.slug, eventId: event.eventId });
    } catch {
      this.pending.push(event);
    }
  }

  async drain(): Promise<void> {
    while (this.pending.length > 0) await this.deliver(0, false);
  }
}

/** Every way the read model is out of step, as readable sentences (none when it converged). */
const violations = (store: InMemoryArticleWriter): string[] => {
  const found: string[] = [];
  const live = store.live;
  for (const article of live.values()) {
    const { similar, parent, followUps } = article.links;
    for (const link of [...similar, ...(parent ? [parent] : []), ...followUps]) {
      const other = live.get(link.slug);
      if (!other) found.push(`${article.slug} lists ${link.slug}, which is not live`);
      else if (other.title !== link.title)
        found.push(`${article.slug} lists ${link.slug} as "${link.title}"`);
    }
    for (const link of similar) {
      const back = live.get(link.slug)?.links.similar.find((entry) => entry.slug === article.slug);
      if (live.has(link.slug) && !back) found.push(`${article.slug} ~ ${link.slug} is one-way`);
      if (back && back.weight !== link.weight)
        found.push(`${article.slug} ~ ${link.slug} weighs differently`);
    }
    if (
      parent &&
      live.has(parent.slug) &&
      !live.get(parent.slug)?.links.followUps.some((c) => c.slug === article.slug)
    )
      found.push(`${parent.slug} does not list its follow-up ${article.slug}`);
    for (const child of followUps)
      if (live.has(child.slug) && live.get(child.slug)?.links.parent?.slug !== article.slug)
        found.push(`${child.slug} does not name its parent ${article.slug}`);
  }
  return found;
};

const article = fc.integer({ min: 0, max: SLUGS.length - 1 });
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('publish' as const), article, variant: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('retract' as const), article }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat(), again: fc.boolean() }),
  },
);
/** Which earlier article each one follows up, if any. */
const parents = fc
  .array(fc.option(fc.nat(), { nil: undefined }), { minLength: SLUGS.length, maxLength: SLUGS.length })
  .map(
    (picks) =>
      new Map(
        picks.flatMap((pick, i) =>
          pick !== undefined && i > 0 ? [[SLUGS[i] as string, SLUGS[pick % i] as string] as const] : [],
        ),
      ),
  );

describe('link propagation under reordered and repeated events', () => {
  it('converges to mirrored links between live articles only', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        parents,
        fc.array(command, { minLength: 20, maxLength: 60 }),
        async (seed, tree, commands) => {
          const model = new Model(seed, tree);
          for (const step of commands) {
            if (step.kind === 'publish') model.publish(SLUGS[step.article] as string, step.variant);
            else if (step.kind === 'retract') model.retract(SLUGS[step.article] as string);
            else if (model.pending.length > 0)
              await model.deliver(step.pick % model.pending.length, step.again);
          }
          await model.drain();
          expect(violations(model.store)).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);

  it('converges when deliveries run concurrently, their reads and writes interleaved with each other and with new versions', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.nat(),
        parents,
        fc.array(command, { minLength: 20, maxLength: 60 }),
        async (scheduler, seed, tree, commands) => {
          const model = new Model(seed, tree);
          model.pause = () => scheduler.schedule(Promise.resolve());
          const script = async () => {
            for (const step of commands) {
              await model.pause();
              if (step.kind === 'publish') model.publish(SLUGS[step.article] as string, step.variant);
              else if (step.kind === 'retract') model.retract(SLUGS[step.article] as string);
              else if (model.pending.length > 0)
                void model.deliver(step.pick % model.pending.length, step.again);
            }
          };
          await scheduler.waitFor(script());
          await scheduler.waitIdle();
          model.pause = async () => undefined;
          await model.drain();
          expect(violations(model.store)).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);
});
