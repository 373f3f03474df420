/** `npm run vocabulary`: regenerates shared/domain/vocabulary/english-counts.ts (run after changing the stemmer or spelling rules). */
import { writeFile } from 'node:fs/promises';
import { englishCountsModule, englishFamilyCounts } from './english-counts.ts';

const target = new URL('../../shared/domain/vocabulary/english-counts.ts', import.meta.url);
const counts = await englishFamilyCounts();
await writeFile(target, englishCountsModule(counts));
console.log(`${Object.keys(counts).length} word families -> ${target.pathname}`);
