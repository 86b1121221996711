/** User error codes owned by reviews. */
export const reviewErrorCodes = {
  REVIEW_NOT_ELIGIBLE: 'Only the buyer of a delivered or completed order line can review it.',
  ALREADY_REVIEWED: 'This order line has a review already; each line can be reviewed once.',
  ALREADY_REPLIED: 'The shop has replied to this review already; each review gets one reply.',
} as const;
export type ReviewErrorCode = keyof typeof reviewErrorCodes;
