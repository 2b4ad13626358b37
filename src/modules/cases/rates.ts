/**
 * The rates, as RULES.md defines them (接诉即办 and digital urban management). Fractions 0–1;
 * null where the denominator is 0 (a rate of nothing is not 0%).
 *   结案率 closedRate      = closed ÷ due to close
 *   按期结案率 onTimeRate   = closed on time ÷ due to close (the same denominator)
 *   返工率 reworkRate      = cases with rework ÷ cases handled
 *   响应率 responseRate    = responded within the limit ÷ due to respond
 *   解决率 resolutionRate  = rated resolved at callback ÷ called back
 *   满意率 satisfactionRate = rated satisfied or basically satisfied ÷ called back
 */
export interface RateCounts {
  dueToClose: number; closed: number; closedOnTime: number;
  handled: number; withRework: number;
  dueToRespond: number; respondedInTime: number;
  calledBack: number; ratedResolved: number; ratedSatisfied: number;
}

export interface Rates { closedRate: number | null; onTimeRate: number | null; reworkRate: number | null; responseRate: number | null; resolutionRate: number | null; satisfactionRate: number | null; }

const ratio = (n: number, d: number) => (d > 0 ? n / d : null);

export function rates(c: RateCounts): Rates {
  return {
    closedRate: ratio(c.closed, c.dueToClose),
    onTimeRate: ratio(c.closedOnTime, c.dueToClose),
    reworkRate: ratio(c.withRework, c.handled),
    responseRate: ratio(c.respondedInTime, c.dueToRespond),
    resolutionRate: ratio(c.ratedResolved, c.calledBack),
    satisfactionRate: ratio(c.ratedSatisfied, c.calledBack),
  };
}

/** As a report shows it: a percentage with two decimals (93.72%). */
export function percent(r: number | null): string {
  return r === null ? '—' : `${(Math.round(r * 10000) / 100).toFixed(2)}%`;
}
