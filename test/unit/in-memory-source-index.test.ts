import { InMemorySourceIndexLibrary } from '../../shared/adapters/in-memory-source-index.ts';
import { describeSourceIndexContract } from '../support/source-index-contract.ts';

describeSourceIndexContract('in memory', () => {
  const library = new InMemorySourceIndexLibrary();
  return { builder: library, open: async (version) => library.open(version) };
});
