import { describe, expect, it } from 'vitest';
import {
  advisoryBoard,
  approverNames,
  nameApprovals,
  type ReviewerProfile,
  renamedApprovals,
  reviewerKey,
  UNNAMED_REVIEWER,
} from '../../shared/domain/reviewer.ts';
import { reviewerProfileBody, reviewerSubjectParam } from '../../shared/http/contracts/requests/reviewers.ts';

const profile = (
  subject: string,
  displayName: string,
  extra: Partial<ReviewerProfile> = {},
): ReviewerProfile => ({
  subject,
  displayName,
  credentials: 'MD',
  specialty: 'Cardiology',
  disclosures: 'None declared',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

describe('reviewerKey', () => {
  it('trims and case-folds, so one reviewer is one key however the subject is spelled', () => {
    expect(reviewerKey('  Rita ')).toBe('rita');
    expect(reviewerKey('RITA')).toBe(reviewerKey('rita'));
    expect(reviewerKey('3F2504E0-4F89-11D3-9A0C-0305E82C3301')).toBe('3f2504e0-4f89-11d3-9a0c-0305e82c3301');
    expect(reviewerKey('\tÉlodie\n')).toBe('élodie');
    expect(reviewerKey('rita')).not.toBe(reviewerKey('rita2'));
  });
});

describe('nameApprovals', () => {
  const approvals = [
    { reviewer: ' Rita', at: '2026-01-02T10:00:00.000Z' },
    { reviewer: 'sam', at: '2026-01-02T11:00:00.000Z' },
  ];

  it('names approvals from profiles by reviewer key and keeps the keys alongside, in order', () => {
    const named = nameApprovals(approvals, new Map([['rita', profile('rita', 'Dr. Rita Okafor')]]));
    expect(named).toEqual({
      approvals: [
        {
          name: 'Dr. Rita Okafor',
          credentials: 'MD',
          specialty: 'Cardiology',
          disclosures: 'None declared',
          at: '2026-01-02T10:00:00.000Z',
        },
        { name: UNNAMED_REVIEWER, at: '2026-01-02T11:00:00.000Z' },
      ],
      approverKeys: ['rita', 'sam'],
    });
    expect(approverNames(named.approvals)).toEqual(['Dr. Rita Okafor', 'Medical reviewer']);
  });

  it('never puts a subject in a public approval', () => {
    const named = nameApprovals(approvals, new Map());
    expect(JSON.stringify(named.approvals)).not.toMatch(/rita|sam/i);
  });
});

describe('renamedApprovals', () => {
  const keys = ['rita', 'sam'];
  const current = nameApprovals(
    [
      { reviewer: 'rita', at: 'a1' },
      { reviewer: 'sam', at: 'a2' },
    ],
    new Map(),
  ).approvals;

  it('is undefined when the profiles name the approvals as they are (nothing to write)', () => {
    expect(renamedApprovals(current, keys, new Map())).toBeUndefined();
    const named = nameApprovals(
      [{ reviewer: 'rita', at: 'a1' }],
      new Map([['rita', profile('rita', 'Dr. R')]]),
    );
    expect(
      renamedApprovals(named.approvals, ['rita'], new Map([['rita', profile('rita', 'Dr. R')]])),
    ).toBeUndefined();
  });

  it('renames a reviewer who got a profile, keeping every approval time', () => {
    expect(renamedApprovals(current, keys, new Map([['sam', profile('sam', 'Dr. Sam Ode')]]))).toEqual([
      { name: UNNAMED_REVIEWER, at: 'a1' },
      {
        name: 'Dr. Sam Ode',
        credentials: 'MD',
        specialty: 'Cardiology',
        disclosures: 'None declared',
        at: 'a2',
      },
    ]);
  });

  it('notices a changed credential or specialty, not only a changed name', () => {
    const named = nameApprovals(
      [{ reviewer: 'rita', at: 'a1' }],
      new Map([['rita', profile('rita', 'Dr. R')]]),
    );
    const changed = new Map([['rita', profile('rita', 'Dr. R', { specialty: 'Nephrology' })]]);
    expect(renamedApprovals(named.approvals, ['rita'], changed)?.[0]?.specialty).toBe('Nephrology');
  });

  it('notices a changed affiliation or disclosure, and shows both with the approval', () => {
    const named = nameApprovals(
      [{ reviewer: 'rita', at: 'a1' }],
      new Map([['rita', profile('rita', 'Dr. R')]]),
    );
    expect(named.approvals[0]).not.toHaveProperty('affiliation');
    const disclosed = profile('rita', 'Dr. R', {
      affiliation: "St Mary's",
      disclosures: 'Advisory board, Acme',
    });
    expect(renamedApprovals(named.approvals, ['rita'], new Map([['rita', disclosed]]))).toEqual([
      {
        name: 'Dr. R',
        credentials: 'MD',
        specialty: 'Cardiology',
        affiliation: "St Mary's",
        disclosures: 'Advisory board, Acme',
        at: 'a1',
      },
    ]);
  });

  it('leaves an article whose keys do not match its approvals alone (an item written before profiles)', () => {
    expect(renamedApprovals(current, [], new Map([['rita', profile('rita', 'Dr. R')]]))).toBeUndefined();
  });
});

describe('advisoryBoard', () => {
  it('lists name, credentials, specialty, affiliation and disclosures only, by name regardless of case', () => {
    const board = advisoryBoard([
      profile('z', 'dr. zed'),
      profile('a2', 'Dr. Abe', { credentials: 'DO' }),
      profile('a1', 'Dr. Abe'),
      profile('m', 'Dr. Mia', { affiliation: 'Royal Free' }),
    ]);
    const none = 'None declared';
    expect(board).toEqual([
      { name: 'Dr. Abe', credentials: 'MD', specialty: 'Cardiology', disclosures: none },
      { name: 'Dr. Abe', credentials: 'DO', specialty: 'Cardiology', disclosures: none },
      {
        name: 'Dr. Mia',
        credentials: 'MD',
        specialty: 'Cardiology',
        affiliation: 'Royal Free',
        disclosures: none,
      },
      { name: 'dr. zed', credentials: 'MD', specialty: 'Cardiology', disclosures: none },
    ]);
  });
});

describe('the profile request schemas', () => {
  it('trim the fields and refuse blank, over-long, multi-line and unknown ones', () => {
    expect(
      reviewerProfileBody.parse({ displayName: ' Dr. A ', credentials: 'MD ', specialty: ' GP' }),
    ).toEqual({
      displayName: 'Dr. A',
      credentials: 'MD',
      specialty: 'GP',
      disclosures: 'None declared',
    });
    const bad = [
      { displayName: '', credentials: 'MD', specialty: 'GP' },
      { displayName: 'A'.repeat(121), credentials: 'MD', specialty: 'GP' },
      { displayName: 'Dr. A', credentials: 'MD\nFACC', specialty: 'GP' },
      { displayName: 'Dr. A', credentials: 'MD', specialty: 'GP', subject: 'x' },
      { displayName: 'Dr. A', credentials: 'MD' },
    ];
    for (const body of bad)
      expect(reviewerProfileBody.safeParse(body).success, JSON.stringify(body)).toBe(false);
  });

  it('accept a Cognito subject or a local user name, refuse blank and over-long ones', () => {
    expect(reviewerSubjectParam.safeParse('3f2504e0-4f89-11d3-9a0c-0305e82c3301').success).toBe(true);
    expect(reviewerSubjectParam.safeParse('rita').success).toBe(true);
    expect(reviewerSubjectParam.safeParse(' ').success).toBe(false);
    expect(reviewerSubjectParam.safeParse('x'.repeat(129)).success).toBe(false);
    expect(reviewerSubjectParam.safeParse('a\tb').success).toBe(false);
  });
});
