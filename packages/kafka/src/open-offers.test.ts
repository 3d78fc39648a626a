import { expect, test } from 'vitest';
import { openOffers } from './share.js';

const offer = (student: string) => ({ type: 'offer' as const, student });

test('a withdrawal or a decision closes an offer; a new offer after a decision is open again, by the timestamps', () => {
  const offers = [offer('ada'), offer('bob'), { type: 'withdraw' as const, student: 'bob' }, offer('cy'), offer('ada')];
  const decisions = [{ type: 'decline' as const, student: 'ada' }];
  // ada offered at 1, was declined at 2, offered again at 5.
  expect(openOffers(offers, decisions, { offers: [1, 2, 3, 4, 5], decisions: [2] })).toEqual(['cy', 'ada']);
  // Declined after the second offer too: closed.
  expect(openOffers(offers, decisions, { offers: [1, 2, 3, 4, 5], decisions: [6] })).toEqual(['cy']);
  // Without timestamps every decision closes the student's offers.
  expect(openOffers(offers, decisions)).toEqual(['cy']);
});
