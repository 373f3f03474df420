/**
 * The retrieval step as draft generators see it: the question in, the library's relevant passages
 * (or the reason there are none) out. Implemented by shared/use-cases/retrieve-evidence.ts.
 */
import type { Retrieval } from '../domain/retrieval.ts';

export interface EvidenceRetriever {
  retrieve(question: string): Promise<Retrieval>;
  /**
   * A retriever reading the index version committed now, for every retrieval of one draft (the
   * question and its reviewer comments): one pointer read per draft, and one library version.
   */
  pinned(): Promise<EvidenceRetriever>;
}
