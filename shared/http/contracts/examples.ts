import type * as z from '../../zod.ts';
import type { questionStatusSchema } from './questions.ts';

/** Example data more than one API area's documentation shows: a question, and the draft that answers it. */
export const questionExample = {
  id: '5b0e8a52-8f43-4f0e-9a53-3f4c1c7d2a10',
  question: 'How should I measure my blood pressure at home?',
  audience: 'patient',
  status: 'submitted',
  timeline: [{ status: 'submitted', at: '2026-11-28T09:14:03.120Z' }],
  createdAt: '2026-11-28T09:14:03.120Z',
  updatedAt: '2026-11-28T09:14:03.120Z',
  answerUrl: '/v1/questions/5b0e8a52-8f43-4f0e-9a53-3f4c1c7d2a10/answer',
} satisfies z.output<typeof questionStatusSchema>;

const sectionExample = {
  heading: 'How to measure',
  claims: [
    { text: 'Sit quietly for five minutes with your back supported before measuring.', citations: [1] },
    { text: 'Take two readings a minute apart and record both.', citations: [1, 2] },
  ],
};

export const draftExample = {
  title: 'Measuring blood pressure at home',
  bottomLine: 'Seated, rested, arm supported at heart level, two readings a minute apart [1].',
  sections: [sectionExample],
  citations: [
    {
      n: 1,
      title: 'Self-measured blood pressure monitoring at home',
      publisher: 'American Heart Association',
      year: 2024,
      url: 'https://www.heart.org/',
      sourceId: 'aha-smbp-2024',
    },
    { n: 2, title: 'Hypertension in adults: diagnosis and management', publisher: 'NICE', year: 2023 },
  ],
  patient: {
    bottomLine: 'Rest first, sit with your arm on a table, and measure twice [1].',
    sections: [sectionExample],
  },
  suggestedQuestions: [
    'Which home blood pressure monitor should I buy?',
    'What is a normal home reading?',
    'How often should I measure?',
  ],
  generator: { adapter: 'local', model: 'bm25-demo', promptVersion: 'v3' },
};
