import { defineStore } from 'pinia';
import { ref } from 'vue';
import { errorInfo, type ErrorInfo } from '../api-error';
import { call } from '../transport/transport';
import { useTransport } from '../transport/use-transport';

// The MPI review queue (GET /dhis2/mpi/review): enrollments that look like a known person without
// certainty, each waiting for someone to say "same person" (link) or "different person" (new MPI ID).

export type ReviewField = 'firstName' | 'lastName' | 'dateOfBirth' | 'gender' | 'phone';
export const reviewFields: readonly ReviewField[] = ['firstName', 'lastName', 'dateOfBirth', 'gender', 'phone'];

export interface MpiRecord {
  firstName: string | null;
  lastName: string | null;
  /** yyyy-mm-dd */
  dateOfBirth: string | null;
  gender: string | null;
  phone: string | null;
}

export interface FieldScore {
  field: ReviewField;
  /** exact, close, partial, different, missing, exact_default, day_month_swap, one_digit, same_year, same… */
  level: string;
  /** 0 to 1; null when either side is missing. */
  similarity: number | null;
  weight: number;
  /** Set when names matched crosswise (first name against last name). */
  comparedWith?: ReviewField;
}

export interface ReviewItem {
  review_id: string;
  enrollment_uid: string;
  programme_uid: string;
  candidate_mpi_id: string;
  score: number;
  field_scores: FieldScore[];
  record: MpiRecord;
  candidate: MpiRecord;
  status: 'pending' | 'linked' | 'created';
  created_at: string;
  decided_at: string | null;
}

export type Decision = 'link' | 'new';

/** A decision just taken here, shown as a confirmation once its item has left the list. */
export interface Decided {
  review_id: string;
  enrollment_uid: string;
  decision: Decision;
  mpi_id: string;
  name: string;
}

export const useMpiReviewStore = defineStore('mpiReview', () => {
  const items = ref<ReviewItem[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<ErrorInfo | null>(null);
  const deciding = ref<Record<string, Decision>>({});
  const decisionErrors = ref<Record<string, ErrorInfo>>({});
  const decided = ref<Decided[]>([]);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      items.value = (await call<{ items: ReviewItem[] }>(useTransport(), 'GET', '/dhis2/mpi/review?status=pending&limit=100')).items;
      error.value = null;
      loaded.value = true;
    } catch (err) {
      error.value = errorInfo(err);
    } finally {
      loading.value = false;
    }
  }

  async function decide(item: ReviewItem, decision: Decision): Promise<void> {
    deciding.value[item.review_id] = decision;
    delete decisionErrors.value[item.review_id];
    try {
      const answer = await call<ReviewItem & { mpi_id: string }>(useTransport(), 'POST', `/dhis2/mpi/review/${encodeURIComponent(item.review_id)}`, { decision });
      items.value = items.value.filter((i) => i.review_id !== item.review_id);
      const name = [item.record.firstName, item.record.lastName].filter(Boolean).join(' ');
      decided.value = [{ review_id: item.review_id, enrollment_uid: item.enrollment_uid, decision, mpi_id: answer.mpi_id, name }, ...decided.value].slice(0, 5);
    } catch (err) {
      const info = errorInfo(err);
      // 409: decided meanwhile (another laptop): the queue is read again, the item leaves it.
      if (info.status === 409) await load();
      else decisionErrors.value[item.review_id] = info;
    } finally {
      delete deciding.value[item.review_id];
    }
  }

  function dismiss(reviewId: string): void {
    decided.value = decided.value.filter((d) => d.review_id !== reviewId);
  }

  return { items, loaded, loading, error, deciding, decisionErrors, decided, load, decide, dismiss };
});
