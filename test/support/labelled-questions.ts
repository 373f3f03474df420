/**
 * A labelled set for the related-question graph: questions in topics of the
 * demo library, several phrasings each. Articles on the same topic should
 * be each other's `similar` neighbours; articles on other topics should not.
 */
export const LABELLED_QUESTIONS: Record<string, string[]> = {
  'blood pressure': [
    'How is high blood pressure diagnosed?',
    'What blood pressure reading counts as hypertension?',
    'Should I check my blood pressure at home before starting treatment?',
    'Which lifestyle changes lower high blood pressure?',
    'What are the first-line medicines for hypertension?',
  ],
  'type 2 diabetes': [
    'Is metformin the first medicine for type 2 diabetes?',
    'What HbA1c target should I aim for with type 2 diabetes?',
    'Can losing weight put type 2 diabetes into remission?',
    'How do diet and exercise help type 2 diabetes?',
    'What are the side effects of metformin in diabetes?',
  ],
  'flu vaccine': [
    'Who should get the yearly flu vaccine?',
    'Is the influenza vaccine safe in pregnancy?',
    'What side effects does the flu jab have?',
    'Can the flu vaccine give me the flu?',
    'Do older adults need an influenza vaccination every year?',
  ],
  statins: [
    'Do statins cause muscle aches?',
    'Who should take a statin to prevent heart attack and stroke?',
    'Should I stop my statin if my muscles hurt?',
    'How much do statins lower the risk of a heart attack?',
    'Are statin side effects common?',
  ],
  asthma: [
    'When should I use my reliever inhaler for asthma?',
    'Why do I need a preventer inhaler with inhaled corticosteroids?',
    'How do I use an asthma inhaler with a spacer?',
    'What is the right inhaler technique for asthma?',
    'Is it bad to use a salbutamol reliever inhaler every day?',
  ],
  migraine: [
    'What is the best treatment for a migraine attack?',
    'Do triptans work for migraine headaches?',
    'How can I prevent migraine attacks?',
    'Which medicines prevent frequent migraines?',
    'Should I take painkillers early in a migraine attack?',
  ],
  'low back pain': [
    'How long does acute low back pain last?',
    'Should I rest in bed with low back pain?',
    'What are the red flags in back pain?',
    'When is low back pain a sign of something serious?',
    'Does staying active help acute back pain?',
  ],
  'vitamin D': [
    'Should I take a vitamin D supplement in winter?',
    'How much vitamin D should adults take daily?',
    'Do I need a blood test for vitamin D levels?',
    'Who should have their vitamin D level tested?',
    'Can vitamin D supplements prevent deficiency?',
  ],
};

/** The questions in an interleaved order (one of each topic in turn), as a library grows in practice. */
export const interleavedQuestions = (): { topic: string; question: string }[] => {
  const topics = Object.entries(LABELLED_QUESTIONS);
  const longest = Math.max(...topics.map(([, questions]) => questions.length));
  const out: { topic: string; question: string }[] = [];
  for (let i = 0; i < longest; i++) {
    for (const [topic, questions] of topics) {
      const question = questions[i];
      if (question) out.push({ topic, question });
    }
  }
  return out;
};
