import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CardFieldId } from '../card-fields';
import { suggest, type Choice } from '../components/mapping/mapping-choice';
import type { Programme } from './programmes';

// The Mapping form per programme, kept for the session: the API has no read route for a saved mapping
// yet, so leaving the screen must not throw the user's choices away.

export interface MappingDraft {
  choices: Partial<Record<CardFieldId, Choice>>;
  /** Fields whose choice is still the app's suggestion (not yet touched by the user). */
  suggested: CardFieldId[];
}

export interface MappingSaved {
  programme_uid: string;
  mappings_configured: number;
  unmapped_card_fields: string[];
  updated_at: string;
}

export const useMappingStore = defineStore('mapping', () => {
  const drafts = ref<Record<string, MappingDraft>>({});
  const saved = ref<Record<string, MappingSaved>>({});

  function draftOf(programme: Programme): MappingDraft {
    const existing = drafts.value[programme.uid];
    if (existing) return existing;
    const choices = suggest(programme.attributes);
    drafts.value[programme.uid] = { choices, suggested: Object.keys(choices) as CardFieldId[] };
    return drafts.value[programme.uid] as MappingDraft;
  }
  function choose(programmeUid: string, field: CardFieldId, choice: Choice): void {
    const draft = drafts.value[programmeUid];
    if (!draft) return;
    draft.choices[field] = choice;
    draft.suggested = draft.suggested.filter((f) => f !== field);
  }

  return { drafts, saved, draftOf, choose };
});
