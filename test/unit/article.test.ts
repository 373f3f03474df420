import { describe, expect, it } from 'vitest';
import { approvalsOf, buildStoredArticle, relinked, toPublicArticle } from '../../shared/domain/article.ts';
import { toPublicVersion } from '../../shared/domain/article-serving.ts';
import type { Draft } from '../../shared/domain/draft.ts';
import type { Question } from '../../shared/domain/question.ts';
import { nameApprovals } from '../../shared/domain/reviewer.ts';
import { articleTermWeights, queryTerms, topicTerms } from '../../shared/domain/search-terms.ts';
import { entityTag, ifNoneMatchMatches } from '../../shared/http/etag.ts';

const draft: Draft = {
  title: 'Do statins cause muscle aches?',
  bottomLine: 'Most muscle aches in people taking statins are not caused by the statin [1].',
  sections: [
    {
      heading: 'What the trials show',
      claims: [{ text: 'Blinded trials found similar rates of aches [1].', citations: [1] }],
    },
  ],
  citations: [
    {
      n: 1,
      title: 'Statin trials review',
      publisher: 'Journal',
      year: 2021,
      sourceId: 'demo-statins-side-effects',
    },
    { n: 2, title: 'Web page', url: 'https://example.org/statins' },
  ],
  patient: {
    bottomLine: 'Statins rarely cause muscle aches [1].',
    sections: [
      {
        heading: 'In short',
        claims: [{ text: 'Aches are usually from something else [1].', citations: [1] }],
      },
    ],
  },
  suggestedQuestions: ['Should I stop my statin?', 'What else causes aches?', 'Are all statins the same?'],
  generator: { adapter: 'local', model: 'bm25', promptVersion: 'v1' },
};

const question: Question = {
  id: 'q-1',
  question: '  do statins cause muscle aches? "#pk = :v" ',
  audience: 'patient',
  status: 'approved',
  timeline: [],
  currentRevision: 2,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
};

const revision = {
  revision: 2,
  author: 'editor-1',
  draft,
  decisions: [
    { reviewer: 'editor-1', decision: 'approve' as const, at: '2026-01-02T09:00:00.000Z' },
    { reviewer: 'dr-a', decision: 'approve' as const, at: '2026-01-02T10:00:00.000Z' },
    { reviewer: 'dr-b', decision: 'approve' as const, at: '2026-01-02T11:00:00.000Z' },
  ],
};

const profileOfDrA = {
  subject: 'dr-a',
  displayName: 'Dr. Ada Park',
  credentials: 'MD',
  specialty: 'Cardiology',
  disclosures: 'None declared',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const stored = buildStoredArticle({
  slug: 'do-statins-cause-muscle-aches',
  question,
  revision,
  version: 3,
  firstPublishedAt: '2025-12-01T00:00:00.000Z',
  at: '2026-01-03T00:00:00.000Z',
  settings: {
    editorialPolicyUrl: 'https://example.org/policy',
    disclaimer: 'Not medical advice.',
    reviewIntervalDays: 365,
  },
  approvals: nameApprovals(approvalsOf(revision), new Map([['dr-a', profileOfDrA]])),
});

describe('buildStoredArticle', () => {
  it('shapes the approved revision as the clinician article with the patient version alongside', () => {
    expect(stored).toMatchObject({
      slug: 'do-statins-cause-muscle-aches',
      id: 'q-1',
      title: draft.title,
      question: question.question,
      audience: 'clinician',
      bottomLine: draft.bottomLine,
      sections: draft.sections,
      suggestedQuestions: draft.suggestedQuestions,
      review: {
        status: 'approved',
        approvals: [
          {
            name: 'Dr. Ada Park',
            credentials: 'MD',
            specialty: 'Cardiology',
            disclosures: 'None declared',
            at: '2026-01-02T10:00:00.000Z',
          },
          { name: 'Medical reviewer', at: '2026-01-02T11:00:00.000Z' },
        ],
      },
      approverKeys: ['dr-a', 'dr-b'],
      version: 3,
      publishedAt: '2025-12-01T00:00:00.000Z',
      lastUpdated: '2026-01-03T00:00:00.000Z',
      editorialPolicyUrl: 'https://example.org/policy',
      disclaimer: 'Not medical advice.',
      patient: draft.patient,
      revision: 2,
    });
  });

  it('serves each audience its own disclaimer: professional for clinicians, plain for patients', () => {
    const both = buildStoredArticle({
      slug: 's',
      question,
      revision,
      version: 1,
      firstPublishedAt: '2026-01-03T00:00:00.000Z',
      at: '2026-01-03T00:00:00.000Z',
      settings: {
        editorialPolicyUrl: 'https://example.org/policy',
        disclaimer: 'Plain words for patients.',
        clinicianDisclaimer: 'For healthcare professionals; clinical judgment applies.',
        reviewIntervalDays: 365,
      },
      approvals: nameApprovals(approvalsOf(revision), new Map()),
    });
    expect(toPublicArticle(both, 'clinician').disclaimer).toBe(
      'For healthcare professionals; clinical judgment applies.',
    );
    expect(toPublicArticle(both, 'patient').disclaimer).toBe('Plain words for patients.');
    // An article stored before there were two serves its one disclaimer to both.
    const { patientDisclaimer: _patient, ...older } = both;
    expect(toPublicArticle(older, 'patient').disclaimer).toBe(older.disclaimer);
  });

  it('keeps the question verbatim and drops library ids from citations', () => {
    expect(stored.question).toBe(question.question);
    expect(stored.citations).toEqual([
      { n: 1, title: 'Statin trials review', publisher: 'Journal', year: 2021 },
      { n: 2, title: 'Web page', url: 'https://example.org/statins' },
    ]);
  });

  it('never counts the author among the approvals', () => {
    expect(approvalsOf(revision).map((a) => a.reviewer)).toEqual(['dr-a', 'dr-b']);
  });
});

describe('toPublicArticle', () => {
  it('serves exactly the API fields, clinician text by default', () => {
    const article = toPublicArticle(stored, 'clinician');
    expect(Object.keys(article).sort()).toEqual(
      [
        'slug',
        'id',
        'title',
        'question',
        'audience',
        'bottomLine',
        'sections',
        'citations',
        'related',
        'followUps',
        'suggestedQuestions',
        'review',
        'notices',
        'version',
        'publishedAt',
        'lastUpdated',
        'editorialPolicyUrl',
        'disclaimer',
      ].sort(),
    );
    expect(article.bottomLine).toBe(draft.bottomLine);
  });

  it('serves stored withdrawal notices without the source id they are about', () => {
    const notice = {
      kind: 'source_withdrawn' as const,
      text: 'Withdrawn.',
      since: '2026-12-01T00:00:00.000Z',
    };
    const article = toPublicArticle({ ...stored, notices: [{ ...notice, sourceId: 'src-1' }] }, 'patient');
    expect(article.notices).toEqual([notice]);
    expect(JSON.stringify(article)).not.toContain('src-1');
  });

  it('never shows a reviewer token subject, for either audience', () => {
    for (const audience of ['clinician', 'patient'] as const) {
      const json = JSON.stringify(toPublicArticle(stored, audience));
      expect(json).not.toMatch(/dr-a|dr-b|editor-1/);
      expect(json).toContain('Dr. Ada Park');
    }
  });

  it('swaps in the patient bottom line and sections for patients', () => {
    const linked = relinked(stored, {
      parent: { slug: 'p', id: 'id-p', title: 'P' },
      similar: [{ slug: 'x', id: 'id-x', title: 'X', weight: 0.5 }],
      followUps: [{ slug: 'f', id: 'id-f', title: 'F' }],
    });
    const article = toPublicArticle(linked, 'patient');
    expect(article).toMatchObject({
      audience: 'patient',
      bottomLine: draft.patient.bottomLine,
      sections: draft.patient.sections,
      citations: stored.citations,
      related: [
        { slug: 'p', title: 'P' },
        { slug: 'x', title: 'X' },
      ],
      followUps: [{ slug: 'f', title: 'F' }],
    });
  });

  it('stores the ETag of each audience, and a change of links changes both', () => {
    expect(stored.etags.clinician).toBe(entityTag(toPublicArticle(stored, 'clinician')));
    expect(stored.etags.patient).toBe(entityTag(toPublicArticle(stored, 'patient')));
    expect(stored.etags.patient).not.toBe(stored.etags.clinician);
    const linked = relinked(stored, { similar: [], followUps: [{ slug: 'f', id: 'id-f', title: 'F' }] });
    expect(linked.etags.clinician).not.toBe(stored.etags.clinician);
    expect(linked.etags.patient).not.toBe(stored.etags.patient);
    expect(relinked(linked, stored.links).etags).toEqual(stored.etags);
  });
});

describe('version history entries', () => {
  it('show retraction but not who retracted', () => {
    const entry = toPublicVersion({
      version: 2,
      publishedAt: 'p',
      approvedBy: ['dr-a'],
      revision: 3,
      questionId: 'q',
      retractedAt: 'r',
      retractionReason: 'outdated',
      retractedBy: 'admin-1',
    });
    expect(entry).toEqual({
      version: 2,
      publishedAt: 'p',
      approvedBy: ['dr-a'],
      retractedAt: 'r',
      retractionReason: 'outdated',
    });
    expect(
      toPublicVersion({ version: 1, publishedAt: 'p', approvedBy: [], revision: 1, questionId: 'q' }),
    ).toEqual({
      version: 1,
      publishedAt: 'p',
      approvedBy: [],
    });
  });
});

describe('entity tags', () => {
  it('are strong, stable for equal bodies and different for different ones', () => {
    const tag = entityTag({ a: 1 });
    expect(tag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(entityTag({ a: 1 })).toBe(tag);
    expect(entityTag({ a: 2 })).not.toBe(tag);
  });

  it.each([
    ['the tag itself', (t: string) => t, true],
    ['a list holding it', (t: string) => `"other", ${t}`, true],
    ['its weak form', (t: string) => `W/${t}`, true],
    ['a wildcard', () => '*', true],
    ['another tag', () => '"other"', false],
    ['the tag unquoted', (t: string) => t.slice(1, -1), false],
  ])('If-None-Match with %s matches: %s', (_, header, matches) => {
    const tag = entityTag({ a: 1 });
    expect(ifNoneMatchMatches(header(tag), tag)).toBe(matches);
  });

  it('does not match without the header', () => {
    expect(ifNoneMatchMatches(undefined, entityTag({}))).toBe(false);
  });
});

describe('search terms', () => {
  const content = {
    title: draft.title,
    question: question.question,
    bottomLine: draft.bottomLine,
    sections: draft.sections,
  };

  it('weights title terms highest and forms a unit vector', () => {
    const weights = articleTermWeights(content);
    expect(weights[0]?.term).toBe('statin');
    const norm = weights.reduce((sum, { weight }) => sum + weight * weight, 0);
    expect(norm).toBeCloseTo(1, 4);
    expect(weights.length).toBeLessThanOrEqual(20);
  });

  it('shares stems between queries and articles, and ignores stop words', () => {
    expect(queryTerms('What about STATINS and aches?')).toEqual(['statin', 'ach']);
    expect(queryTerms('what is the')).toEqual([]);
    expect(topicTerms(content)).toEqual(expect.arrayContaining(['statin', 'muscl', 'ach']));
  });
});
