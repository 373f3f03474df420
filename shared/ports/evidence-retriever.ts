/**
 * The retrieval step as draft generators see it: the question in, the library's relevant passages
 * (or the reason there are none) out. Implemented by shared/use-cases/retrieve-evidence.ts.
 */
import type { Retrieval } from '../domain/retrieval.ts';

export interface RetrieveOptions {
  /**
   * Library sources offered as evidence whatever retrieval ranks (the successor of a withdrawn
   * source, on its re-review): ranked first, their passages handed over, unless withdrawn themselves.
   */
  offer?: readonly string[];
}

export interface EvidenceRetriever {
  retrieve(question: string, options?: RetrieveOptions): Promise<Retrieval>;
  /**
   * A retriever reading the index version committed now, for every retrieval of one draft (the
   * question and its reviewer comments): one pointer read per draft, and one library version.
   */
  pinned(): Promise<EvidenceRetriever>;
}
