import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { PreviewRow } from '@contract';
import { errorInfo, type ErrorInfo } from '../api-error';
import type { EnrollmentItem } from '../components/cards/EnrollmentPicker.vue';
import { attributeKeys, fetchEnrollmentList, rowValue } from '../enrollment-list';
import { formatDate } from '../format';
import { useProgrammesStore } from './programmes';

// The Send and Google Wallet screens' choice of programme and enrollment (kept for the session, shared by
// both screens), and the programme's most recent cached enrollments as a list to pick from, with the
// person's name and phone number read through the saved mapping (else a likely attribute).

const keyFields = ['first_name', 'last_name', 'phone_number'] as const;
type KeyField = (typeof keyFields)[number];

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
    try {
      const { preview, mapping } = await fetchEnrollmentList(uid);
      if (mine !== asked) return;
      rows.value = preview.preview;
      total.value = preview.total_enrollments;
      keys.value = attributeKeys(programmes.byUid.get(uid)?.attributes ?? [], mapping, keyFields);
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

  const value = (r: PreviewRow, field: KeyField): string => rowValue(r, keys.value, field);
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
