// How enrollment previews key a DHIS2 attribute's value: by the attribute's code, or its UID when it has none.
export const attributeKey = (attribute: { uid: string; code: string | null }): string => attribute.code ?? attribute.uid;
