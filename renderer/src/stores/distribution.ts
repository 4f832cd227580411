import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { errorInfo, type ErrorInfo } from '../api-error';
import type { EnrollmentItem } from '../components/cards/EnrollmentPicker.vue';
import type { PreviewRow } from '../components/enrollments/EnrollmentTable.vue';
import { suggest } from '../components/mapping/mapping-choice';
import { formatDate } from '../format';
import { call } from '../transport/transport';
import { useTransport } from '../transport/use-transport';
import { attributeKey, useProgrammesStore } from './programmes';

// The Send and Google Wallet screens' choice of programme and enrollment (kept for the session, shared by
// both screens), and the programme's most recent cached enrollments as a list to pick from, with the
// person's name and phone number read through the saved mapping (else a likely attribute).

interface Preview {
  programme_uid: string;
  total_enrollments: number;
  preview: PreviewRow[];
}
interface SavedMapping {
  mappings: { card_field: string; dhis2_attribute_uid?: string; dhis2_attribute_code?: string | null }[];
}
type KeyField = 'first_name' | 'last_name' | 'phone_number';

export interface DistributionItem extends EnrollmentItem {
  phone: string;
}

export const useDistributionStore = defineStore('distribution', () => {
  const programmes = useProgrammesStore();
  const programmeUid = ref('');
  const enrollmentId = ref('');
  const rows = ref<PreviewRow[]>([]);
  const total = ref(0);
  const loadedFor = ref('');
  const loading = ref(false);
  const error = ref<ErrorInfo | null>(null);
  const keys = ref<Partial<Record<KeyField, string>>>({});
  let asked = 0;

  async function loadEnrollments(): Promise<void> {
    const uid = programmeUid.value;
    if (!uid) return;
    const mine = ++asked;
    loading.value = true;
    const transport = useTransport();
    try {
      const [preview, mapping] = await Promise.all([
        call<Preview>(transport, 'GET', `/dhis2/preview-enrollments?${new URLSearchParams({ programme_uid: uid, limit: '100' }).toString()}`),
        call<SavedMapping>(transport, 'GET', `/dhis2/mapping?${new URLSearchParams({ programme_uid: uid }).toString()}`).catch(() => null),
      ]);
      if (mine !== asked) return;
      rows.value = preview.preview;
      total.value = preview.total_enrollments;
      keys.value = keysFrom(uid, mapping);
      loadedFor.value = uid;
      error.value = null;
      if (!preview.preview.some((r) => r.enrollment_id === enrollmentId.value)) enrollmentId.value = preview.preview[0]?.enrollment_id ?? '';
    } catch (err) {
      if (mine !== asked) return;
      rows.value = [];
      loadedFor.value = '';
      error.value = errorInfo(err);
    } finally {
      if (mine === asked) loading.value = false;
    }
  }

  function keysFrom(uid: string, mapping: SavedMapping | null): Partial<Record<KeyField, string>> {
    const attributes = programmes.byUid.get(uid)?.attributes ?? [];
    const guesses = suggest(attributes);
    const out: Partial<Record<KeyField, string>> = {};
    for (const field of ['first_name', 'last_name', 'phone_number'] as const) {
      const mapped = mapping?.mappings.find((m) => m.card_field === field && m.dhis2_attribute_uid);
      if (mapped) {
        out[field] = mapped.dhis2_attribute_code ?? mapped.dhis2_attribute_uid ?? '';
        continue;
      }
      const guess = guesses[field];
      const attribute = guess ? attributes.find((a) => `attr:${a.uid}` === guess) : undefined;
      if (attribute) out[field] = attributeKey(attribute);
    }
    return out;
  }

  const value = (r: PreviewRow, field: KeyField): string => {
    const k = keys.value[field];
    return k ? (r.attributes[k] ?? '').trim() : '';
  };
  const items = computed<DistributionItem[]>(() =>
    rows.value.map((r) => ({
      id: r.enrollment_id,
      name: [value(r, 'first_name'), value(r, 'last_name')].filter(Boolean).join(' '),
      orgUnit: r.org_unit_name ?? '',
      date: formatDate(r.enrollment_date),
      phone: value(r, 'phone_number'),
    })),
  );
  const selected = computed(() => items.value.find((i) => i.id === enrollmentId.value));

  return { programmeUid, enrollmentId, rows, total, loadedFor, loading, error, items, selected, loadEnrollments };
});
