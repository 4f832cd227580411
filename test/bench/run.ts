// npm run bench [-- NAME]: runs one benchmark or all, printing figures; the last line is one JSON object.
// Each benchmark's module is loaded when it runs: one benchmark's process holds only what it measures (a peak RSS
// is that of the app, not of the card renderer another benchmark imports).
export {};

type Bench = () => Promise<Record<string, unknown>>;

const benches: Record<string, Bench> = {
  api: async () => (await import('./api')).benchApi(),
  sync: async () => (await import('./sync')).benchSync(),
  'sync-link': async () => (await import('./sync-link')).benchSyncLink(),
  cards: async () => (await import('./cards')).benchCards(),
  generate: async () => (await import('./generate')).benchGenerate(),
  'preview-under-load': async () => (await import('./preview-under-load')).benchPreviewUnderLoad(),
  search: async () => (await import('./search')).benchSearch(),
  mpi: async () => (await import('./mpi')).benchMpi(),
};

const wanted = process.argv[2];
if (wanted && !benches[wanted]) {
  console.error(`Unknown benchmark "${wanted}"; known: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
const results: Record<string, unknown> = {};
for (const [name, run] of Object.entries(benches)) {
  if (wanted && name !== wanted) continue;
  const figures = await run();
  console.log(`${name}: ${JSON.stringify(figures)}`);
  results[name] = figures;
}
console.log(JSON.stringify(wanted ? results[wanted] : results));
