import { onBeforeUnmount, ref, watch, type Ref } from 'vue';
import { attributeKey, type CardFieldId, type EnrollmentSort, type EnrollmentsQuery, type FoundEnrollment, type MappingView, type ProgrammeAttribute } from '@contract';
import { useApi } from './api';
import { errorInfo, type ErrorInfo } from './api-error';
import { suggest } from './components/mapping/mapping-choice';
import { formatDate } from './format';

// Finding a person in the whole cache (GET /dhis2/enrollments): what every screen that picks someone uses.
// The server searches names, UIDs, phones and MPI IDs; here the rows become what a list shows, read through
// the saved mapping (else the Mapping screen's likely attribute), and pages are added as the user asks.

const personFields = ['first_name', 'last_name', 'phone_number', 'photo'] as const;
export type PersonField = (typeof personFields)[number];
export type PersonKeys = Partial<Record<PersonField, string>>;

export interface PersonItem {
  id: string;
  trackedEntityId: string;
  mpiId: string | null;
  /** The person's name from the mapped (or likely) name attributes; '' when there is none. */
  name: string;
  phone: string;
  /** The file resource of the photo attribute, when the person has one and the cache holds it. */
  photo: string;
  orgUnit: string;
  /** dd/mm/yyyy */
  date: string;
  others: number;
  printedAt: string | null;
  sentAt: string | null;
  walletAt: string | null;
  row: FoundEnrollment;
}

/** The attribute key of each field: the mapped attribute, else a likely one; absent when neither. */
export function attributeKeys<F extends CardFieldId>(attributes: ProgrammeAttribute[], mapping: MappingView | null, fields: readonly F[]): Partial<Record<F, string>> {
  const guesses = suggest(attributes);
  const out: Partial<Record<F, string>> = {};
  for (const field of fields) {
    const mapped = mapping?.mappings.find((m) => m.card_field === field && 'dhis2_attribute_uid' in m);
    if (mapped && 'dhis2_attribute_uid' in mapped) {
      out[field] = mapped.dhis2_attribute_code ?? mapped.dhis2_attribute_uid;
      continue;
    }
    const guess = guesses[field];
    const attribute = guess ? attributes.find((a) => `attr:${a.uid}` === guess) : undefined;
    if (attribute) out[field] = attributeKey(attribute);
  }
  return out;
}

/** The programme's saved mapping, or null when there is none (or it cannot be read: the guesses serve). */
export const fetchMapping = (programmeUid: string): Promise<MappingView | null> =>
  useApi().call('GET /dhis2/mapping', { query: { programme_uid: programmeUid } }).catch(() => null);

export const personKeysOf = (attributes: ProgrammeAttribute[], mapping: MappingView | null): PersonKeys => attributeKeys(attributes, mapping, personFields);

export function personItem(row: FoundEnrollment, keys: PersonKeys): PersonItem {
  const value = (f: PersonField): string => {
    const key = keys[f];
    return key ? (row.attributes[key] ?? '').trim() : '';
  };
  return {
    id: row.enrollment_id,
    trackedEntityId: row.tracked_entity_id,
    mpiId: row.mpi_id,
    name: [value('first_name'), value('last_name')].filter(Boolean).join(' '),
    phone: value('phone_number'),
    // Only a photo the cache holds: the others would be a request answered 404.
    photo: row.cached_photos.includes(value('photo')) ? value('photo') : '',
    orgUnit: row.org_unit_name ?? '',
    date: formatDate(row.enrollment_date),
    others: row.other_enrollments,
    printedAt: row.printed_at,
    sentAt: row.sent_at,
    walletAt: row.wallet_at,
    row,
  };
}

/** One enrollment of the programme by its UID, or null when the cache has none. */
export async function findEnrollment(programmeUid: string, enrollmentId: string): Promise<FoundEnrollment | null> {
  const page = await useApi().call('GET /dhis2/enrollments', { query: { programme_uid: programmeUid, q: enrollmentId, limit: 5, sort: 'recent' } });
  return page.items.find((r) => r.enrollment_id === enrollmentId) ?? null;
}

export type SearchFilters = Pick<EnrollmentsQuery, 'org_unit' | 'from_date' | 'to_date' | 'status'>;

export interface PersonSearchOptions {
  programmeUid: Ref<string>;
  /** The programme's attributes, to read names and phones by the mapping's guesses. */
  attributes: () => ProgrammeAttribute[];
  filters?: Ref<SearchFilters>;
  sort?: Ref<EnrollmentSort>;
  limit?: number;
  /** Wait this long after a keystroke before asking (ms). */
  debounceMs?: number;
}

/** A live search: set `query` (or the filters) and `items` follows; `more()` adds the next page. */
export function usePersonSearch(options: PersonSearchOptions) {
  const query = ref('');
  const items = ref<PersonItem[]>([]);
  const total = ref(0);
  const next = ref<string | null>(null);
  const unindexed = ref(0);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<ErrorInfo | null>(null);
  /** The search text the items shown answer ('' for everyone): what the count line speaks of. */
  const answered = ref('');
  const keys = ref<PersonKeys>({});
  /** The programme's saved mapping (null without one): which attribute fills which card field. */
  const mapping = ref<MappingView | null>(null);
  let keysFor = '';
  let asked = 0;
  let typing: ReturnType<typeof setTimeout> | undefined;

  const request = (after?: string): EnrollmentsQuery => {
    const filters = options.filters?.value ?? {};
    const q = query.value.trim();
    return {
      programme_uid: options.programmeUid.value,
      limit: options.limit ?? 50,
      sort: options.sort?.value ?? 'recent',
      ...(q ? { q: q.slice(0, 200) } : {}),
      ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)),
      ...(after ? { after } : {}),
    };
  };

  async function load(after?: string): Promise<void> {
    const uid = options.programmeUid.value;
    if (!uid) return;
    const mine = ++asked;
    loading.value = true;
    try {
      if (keysFor !== uid) {
        mapping.value = await fetchMapping(uid);
        keys.value = personKeysOf(options.attributes(), mapping.value);
        keysFor = uid;
      }
      const asking = request(after);
      const page = await useApi().call('GET /dhis2/enrollments', { query: asking });
      if (mine !== asked) return;
      const shaped = page.items.map((r) => personItem(r, keys.value));
      items.value = after ? [...items.value, ...shaped] : shaped;
      total.value = page.total;
      next.value = page.next;
      unindexed.value = page.unindexed;
      answered.value = asking.q ?? '';
      error.value = null;
      loaded.value = true;
    } catch (err) {
      if (mine !== asked) return;
      if (!after) {
        items.value = [];
        total.value = 0;
        next.value = null;
      }
      error.value = errorInfo(err);
    } finally {
      if (mine === asked) loading.value = false;
    }
  }

  const reload = (): Promise<void> => {
    clearTimeout(typing);
    return load();
  };
  const more = (): Promise<void> => (next.value && !loading.value ? load(next.value) : Promise.resolve());

  watch(query, () => {
    clearTimeout(typing);
    typing = setTimeout(() => void load(), options.debounceMs ?? 200);
  });
  watch(
    () => [options.programmeUid.value, JSON.stringify(options.filters?.value ?? {}), options.sort?.value],
    () => void reload(),
    { immediate: true },
  );
  onBeforeUnmount(() => {
    clearTimeout(typing);
    asked++;
  });

  return { query, answered, items, total, next, unindexed, loading, loaded, error, keys, mapping, reload, more };
}
