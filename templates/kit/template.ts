import type { CardModel, Language, SovereignConfig } from './card-model';
import type { Labels } from './labels';
import type { Scene } from './scene';
import type { TemplateId } from './template-ids';
import type { Measure } from './text';

export { templateIds, type TemplateId } from './template-ids';

export interface LayoutContext {
  measure: Measure;
  language: Language;
  labels: Labels;
  /** Only for `sovereign`: validated, defaults filled in. */
  sovereign: SovereignConfig;
}

/** A card design: pure layout from the card model to a scene in millimetres (painted by the kit). */
export interface CardTemplate {
  id: TemplateId;
  /** One line for people choosing a template. */
  description: string;
  layout(card: CardModel, ctx: LayoutContext): Scene;
}
