import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CardFieldId, MappingView, Programme } from '@contract';
import { useApi } from '../api';
import { errorInfo, isNotFound, type ErrorInfo } from '../api-error';
import { choicesOf, suggest, toItem, type Choice, type MappingItem } from '../components/mapping/mapping-choice';

// The Mapping form per programme. Choosing a programme reads its saved mapping back (GET /dhis2/mapping)
// and fills the form with it; with nothing saved yet, the form starts from the app's suggestions. Choices
// the user changed and has not saved are kept for the session, so leaving the screen does not lose them.

export interface MappingDraft {
  choices: Partial<Record<CardFieldId, Choice>>;
  /** Fields whose choice is still the app's suggestion (not yet touched by the user). */
  suggested: CardFieldId[];
  /** Changed by the user since the saved mapping (or the suggestions) filled the form. */
  dirty: boolean;
}


export const useMappingStore = defineStore('mapping', () => {
  const drafts = ref<Record<string, MappingDraft>>({});
  const saved = ref<Record<string, MappingView>>({});
  const loading = ref<Record<string, boolean>>({});
  const loadErrors = ref<Record<string, ErrorInfo>>({});

  /** The form as the saved mapping fills it, or the suggestions when nothing is saved. */
  function fresh(programme: Programme, mapping: MappingView | undefined): MappingDraft {
    if (mapping && mapping.mappings.length > 0) return { choices: choicesOf(mapping.mappings), suggested: [], dirty: false };
    const choices = suggest(programme.attributes);
    return { choices, suggested: Object.keys(choices) as CardFieldId[], dirty: false };
  }

  /** Reads the programme's saved mapping and fills its form, unless the user has unsaved changes there. */
  async function load(programme: Programme): Promise<void> {
    const uid = programme.uid;
    loading.value[uid] = true;
    try {
      let mapping: MappingView;
      try {
        mapping = await useApi().call('GET /dhis2/mapping', { query: { programme_uid: uid } });
      } catch (err) {
        // 404: neither cached nor mapped, i.e. nothing saved for it.
        if (!isNotFound(err)) throw err;
        mapping = { programme_uid: uid, mappings: [], mappings_configured: 0, unmapped_card_fields: [], updated_at: null };
      }
      saved.value[uid] = mapping;
      delete loadErrors.value[uid];
      if (!drafts.value[uid]?.dirty) drafts.value[uid] = fresh(programme, mapping);
    } catch (err) {
      loadErrors.value[uid] = errorInfo(err);
    } finally {
      loading.value[uid] = false;
    }
  }

  function choose(programmeUid: string, field: CardFieldId, choice: Choice): void {
    const draft = drafts.value[programmeUid];
    if (!draft) return;
    draft.choices[field] = choice;
    draft.suggested = draft.suggested.filter((f) => f !== field);
    draft.dirty = true;
  }

  /** Drops the unsaved changes: the form shows the saved mapping (or the suggestions) again. */
  function revert(programme: Programme): void {
    drafts.value[programme.uid] = fresh(programme, saved.value[programme.uid]);
  }

  /** The items the form would send, in card-field order. */
  function items(programmeUid: string, fields: readonly CardFieldId[]): MappingItem[] {
    const draft = drafts.value[programmeUid];
    if (!draft) return [];
    return fields.map((f) => toItem(f, draft.choices[f] ?? '')).filter((x): x is MappingItem => x !== null);
  }

  /** Saves the form; a refused mapping throws and leaves the saved one (and the form) as they were. */
  async function save(programme: Programme, sent: MappingItem[]): Promise<MappingView> {
    const answer = await useApi().call('POST /dhis2/assign-codes', { body: { programme_uid: programme.uid, mappings: sent } });
    const attributes = new Map(programme.attributes.map((a) => [a.uid, a]));
    const mapping: MappingView = {
      ...answer,
      mappings: sent.map((m) => {
        if ('org_unit' in m) return m;
        const a = attributes.get(m.dhis2_attribute_uid);
        return { ...m, dhis2_attribute_code: a?.code ?? null, dhis2_attribute_display_name: a?.display_name ?? null };
      }),
    };
    saved.value[programme.uid] = mapping;
    // Exactly what was saved, even nothing at all (no suggestions coming back over a cleared form).
    drafts.value[programme.uid] = { choices: choicesOf(mapping.mappings), suggested: [], dirty: false };
    return mapping;
  }

  return { drafts, saved, loading, loadErrors, load, choose, revert, items, save };
});
