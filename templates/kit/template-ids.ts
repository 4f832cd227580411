// The ten card designs by id: a list of its own, without imports, so the API contract can offer it too.
export const templateIds = ['vital', 'emerald', 'pulse', 'mothercare', 'shield', 'nomad', 'aero', 'horizon', 'aurora', 'sovereign'] as const;
export type TemplateId = (typeof templateIds)[number];
