// At most this many enrollments get Google Wallet links in one bulk request.
export const maxBulk = 100;
