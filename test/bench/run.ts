// npm run bench [-- NAME]: runs one benchmark or all, printing figures; the last line is one JSON object.
import { benchApi } from './api';
import { benchCards } from './cards';
import { benchGenerate } from './generate';
import { benchMpi } from './mpi';
import { benchPreviewUnderLoad } from './preview-under-load';
import { benchSearch } from './search';
import { benchSync } from './sync';
import { benchSyncLink } from './sync-link';

type Bench = () => Promise<Record<string, unknown>>;

const benches: Record<string, Bench> = {
  api: benchApi,
  sync: benchSync,
  'sync-link': benchSyncLink,
  cards: benchCards,
  generate: benchGenerate,
  'preview-under-load': benchPreviewUnderLoad,
  search: benchSearch,
  mpi: benchMpi,
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
