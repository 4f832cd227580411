import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import { defaultSovereignConfig, isHexColour, sovereignColourFields, type Dpi, type TemplateId } from '@contract';

// The Cards screen's choices, kept for the session so leaving the screen and coming back shows the same
// card: programme, enrollment, template, resolution and the sovereign settings as typed.

export interface SovereignDraft {
  accent_hex: string;
  bg_hex: string;
  bg_deep_hex: string;
  /** As the number input gives it: a number, or '' when empty. */
  font_scale: number | string;
  max_attrs: number | string;
}

/** "d4af37" or "#d4af37" → "#D4AF37"; anything else is left as typed (the core names the problem). */
export function normaliseHex(value: string): string {
  const v = value.trim();
  const withHash = /^[0-9A-Fa-f]{6}$/.test(v) ? `#${v}` : v;
  return isHexColour(withHash) ? withHash.toUpperCase() : v;
}

const asNumber = (v: number | string): number | null => (v === '' || !Number.isFinite(Number(v)) ? null : Number(v));

export const useCardsStore = defineStore('cards', () => {
  const programmeUid = ref('');
  const enrollmentId = ref('');
  const template = ref<TemplateId>('vital');
  const dpi = ref<Dpi>(300);
  const sovereign = reactive<SovereignDraft>({ ...defaultSovereignConfig });

  function resetSovereign(): void {
    Object.assign(sovereign, defaultSovereignConfig);
  }
  /** sovereign_config as sent: every field, empty numbers as null so the core names them. */
  function sovereignConfig(): Record<string, string | number | null> {
    const out: Record<string, string | number | null> = {};
    for (const f of sovereignColourFields) out[f] = normaliseHex(sovereign[f]);
    out.font_scale = asNumber(sovereign.font_scale);
    out.max_attrs = asNumber(sovereign.max_attrs);
    return out;
  }

  return { programmeUid, enrollmentId, template, dpi, sovereign, resetSovereign, sovereignConfig };
});
