import { normalizeQuestion } from '../../shared/domain/normalize.ts';

/** Question stems across the topics of the demo reference library. */
const STEMS: readonly string[] = [
  // blood pressure
  'How should I measure my blood pressure at home?',
  'Is a single high blood pressure reading at the clinic enough to diagnose hypertension?',
  'How much can cutting down on salt lower my blood pressure?',
  'Which medicines are usually tried first for high blood pressure?',
  // diabetes
  'What are the common side effects of metformin and do they wear off?',
  'What HbA1c level should I aim for with type 2 diabetes?',
  'Can losing weight put type 2 diabetes into remission?',
  // flu vaccine
  'Who should get the yearly flu vaccine?',
  'Can the flu vaccine give me the flu?',
  'Is it safe to have the flu jab while pregnant?',
  // statins
  'Do statins cause muscle pain?',
  'Should I take a statin to prevent a heart attack or stroke?',
  // asthma
  'When should I use my blue reliever inhaler for asthma?',
  'Why do I need a steroid preventer inhaler if my asthma feels fine?',
  'Does using a spacer with my inhaler make a difference?',
  // sore throat
  'Do I need antibiotics for a sore throat?',
  'What can I do at home to ease a sore throat?',
  // back pain
  'Should I rest in bed with acute low back pain?',
  'Which back pain symptoms mean I should see a doctor urgently?',
  // migraine
  'What is the best way to treat a migraine attack when it starts?',
  'Are there medicines to prevent migraines from happening so often?',
  // iron
  'How is iron deficiency anaemia diagnosed?',
  'How long should I take iron tablets, and how do I reduce the constipation?',
  // sleep
  'Does cognitive behavioural therapy work for insomnia?',
  'What sleep habits help if I keep waking up at night?',
  // vitamin D
  'Should I take a vitamin D supplement in winter?',
  'Do I need a blood test to check my vitamin D level?',
  // others in the library
  'What is the most effective way to stop smoking?',
  'How much physical activity should an adult do each week?',
  'Do women with an uncomplicated urinary tract infection always need antibiotics?',
];

const CONTEXTS: readonly ((age: number) => string)[] = [
  (age) => `I am ${age} and otherwise healthy.`,
  (age) => `Asking for my father, who is ${age}.`,
  (age) => `I'm ${age} and take no other regular medicines.`,
  (age) => `My partner is ${age} and has kidney problems.`,
  (age) => `I am a ${age}-year-old runner.`,
  (age) => `Asking for my mother, aged ${age}, who lives alone.`,
  (age) => `I'm ${age} and work night shifts.`,
];

export interface BenchQuestion {
  question: string;
  audience: 'patient' | 'clinician';
}

/**
 * `count` realistic, distinct questions (distinct after the intake's
 * normalisation too, so duplicate detection never merges two of them),
 * spread round-robin across the library's topics. `salt` keeps two runs
 * against one database apart.
 */
export const benchQuestions = (count: number, salt = 0): BenchQuestion[] => {
  const seen = new Set<string>();
  const questions: BenchQuestion[] = [];
  for (let index = 0; questions.length < count; index++) {
    const stem = STEMS[index % STEMS.length] as string;
    const context = CONTEXTS[Math.floor(index / STEMS.length) % CONTEXTS.length] as (age: number) => string;
    const age = 18 + ((index * 7 + salt * 13) % 73);
    let question = `${stem} ${context(age)}`;
    if (seen.has(normalizeQuestion(question))) question = `${question} (case ${index})`;
    seen.add(normalizeQuestion(question));
    questions.push({ question, audience: index % 5 === 4 ? 'clinician' : 'patient' });
  }
  return questions;
};
