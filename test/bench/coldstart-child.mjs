// One cold-start sample: a fresh Node process imports a function bundle and
// builds its handler (the platform, its SDK clients, its adapters), as the
// Lambda runtime's init followed by the first event would. Plain JavaScript
// so that no TypeScript loader sits between the clock and the import. CPU time
// is reported next to wall time: on a loaded machine it is the steadier of the two.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const bundle = process.argv[2];
const cpuStarted = process.cpuUsage();
const started = performance.now();
const module = await import(pathToFileURL(bundle).href);
const imported = performance.now();
module.handler.prime();
const built = performance.now();
const cpu = process.cpuUsage(cpuStarted);
process.stdout.write(
  JSON.stringify({
    importMs: imported - started,
    initMs: built - started,
    cpuMs: (cpu.user + cpu.system) / 1000,
  }),
);
