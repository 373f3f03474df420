/**
 * A labelled set of questions against the demo reference library, for the
 * grounding measure (issue 8): in-library questions name the topic (a source
 * id prefix) an answer must cite; off-library ones (oncology, cardiology,
 * rare disease, paediatrics) must be flagged `no_relevant_sources`.
 * Written by hand; the phrasing is a patient's or a clinician's, not the
 * library's.
 */
import type { Draft } from '../../shared/domain/draft.ts';
import { DRAFT_FLAGS } from '../../shared/domain/draft.ts';
import type { DraftGenerator } from '../../shared/ports/draft-generator.ts';

export interface LabelledQuestion {
  question: string;
  /** Source id prefixes any of which an answer's citations must name; absent: off-library. */
  topics?: string[];
  /** For off-library questions: the field it comes from. */
  field?: 'oncology' | 'cardiology' | 'rare disease' | 'paediatrics';
}

export const LABELLED_SET: LabelledQuestion[] = [
  { question: 'How should I measure my blood pressure at home?', topics: ['demo-hypertension'] },
  { question: 'What lifestyle changes lower high blood pressure?', topics: ['demo-hypertension'] },
  { question: 'Which medicines are used first for hypertension?', topics: ['demo-hypertension'] },
  { question: 'Is metformin the first treatment for type 2 diabetes?', topics: ['demo-t2d'] },
  { question: 'What HbA1c target should someone with type 2 diabetes aim for?', topics: ['demo-t2d'] },
  { question: 'Can losing weight put type 2 diabetes into remission?', topics: ['demo-t2d'] },
  { question: 'Who should get the yearly flu vaccine?', topics: ['demo-flu'] },
  { question: 'Is the flu jab safe if I am pregnant?', topics: ['demo-flu'] },
  { question: 'What side effects can the influenza vaccine cause?', topics: ['demo-flu'] },
  { question: 'Do statins prevent heart attacks and strokes?', topics: ['demo-statins'] },
  { question: 'Should I stop my statin if I get muscle aches?', topics: ['demo-statins'] },
  { question: 'When should I use my reliever inhaler for asthma?', topics: ['demo-asthma'] },
  { question: 'Why do I need a preventer inhaler with a steroid?', topics: ['demo-asthma'] },
  { question: 'How do I use an inhaler with a spacer?', topics: ['demo-asthma'] },
  { question: 'Do I need antibiotics for a sore throat?', topics: ['demo-sore-throat', 'demo-antibiotic'] },
  { question: 'What can I do at home to soothe a sore throat?', topics: ['demo-sore-throat'] },
  { question: 'Why does antibiotic resistance happen?', topics: ['demo-antibiotic'] },
  { question: 'How long does acute low back pain usually last?', topics: ['demo-low-back-pain'] },
  { question: 'Which back pain symptoms are red flags?', topics: ['demo-low-back-pain'] },
  { question: 'What can I take for a migraine attack?', topics: ['demo-migraine'] },
  { question: 'How can migraines be prevented?', topics: ['demo-migraine'] },
  { question: 'How is iron deficiency anaemia diagnosed?', topics: ['demo-iron'] },
  { question: 'How should I take iron tablets?', topics: ['demo-iron'] },
  { question: 'Does cognitive behavioural therapy help insomnia?', topics: ['demo-insomnia', 'demo-sleep'] },
  {
    question: "What habits help me sleep better when I can't sleep?",
    topics: ['demo-sleep', 'demo-insomnia'],
  },
  { question: 'Should I take vitamin D supplements in winter?', topics: ['demo-vitamin-d'] },
  { question: 'When is a vitamin D blood test needed?', topics: ['demo-vitamin-d'] },
  { question: 'What helps people stop smoking?', topics: ['demo-smoking'] },
  { question: 'How is depression recognised in primary care?', topics: ['demo-depression'] },
  { question: 'How much physical activity should adults do each week?', topics: ['demo-physical-activity'] },
  { question: 'How is a bladder infection treated in women?', topics: ['demo-uti'] },

  {
    question: 'What is the recommended second-line therapy for metastatic uveal melanoma with GNAQ mutation?',
    field: 'oncology',
  },
  {
    question: 'Does tebentafusp improve survival in HLA-A*02:01 positive uveal melanoma?',
    field: 'oncology',
  },
  {
    question:
      'HR-positive breast cancer recurred in a supraclavicular node after abemaciclib and letrozole: what next?',
    field: 'oncology',
  },
  { question: 'Is immunotherapy recommended for stage III non-small cell lung cancer?', field: 'oncology' },
  { question: 'How often should colon cancer survivors have a colonoscopy?', field: 'oncology' },
  { question: 'Should apixaban be used for atrial fibrillation in the elderly?', field: 'cardiology' },
  { question: 'Do SGLT2 inhibitors help heart failure with reduced ejection fraction?', field: 'cardiology' },
  { question: 'When is a troponin rise a myocardial infarction?', field: 'cardiology' },
  { question: 'What is the recommended therapy for aortic stenosis in older patients?', field: 'cardiology' },
  { question: 'Does aspirin help after a heart attack?', field: 'cardiology' },
  { question: 'How is Duchenne muscular dystrophy managed?', field: 'rare disease' },
  { question: 'What is the recommended therapy for cystic fibrosis lung infections?', field: 'rare disease' },
  { question: 'Is enzyme replacement therapy effective for Fabry disease?', field: 'rare disease' },
  { question: 'How is Huntington disease diagnosed?', field: 'rare disease' },
  { question: 'What treatment is recommended for Gaucher disease type 1?', field: 'rare disease' },
  { question: 'Should my child with a fever get paracetamol?', field: 'paediatrics' },
  { question: 'What is the first-line treatment for Kawasaki disease in children?', field: 'paediatrics' },
  { question: 'When should a baby get the MMR vaccine?', field: 'paediatrics' },
  { question: 'How is croup treated in toddlers?', field: 'paediatrics' },
  { question: 'Is bronchiolitis in infants treated with antibiotics?', field: 'paediatrics' },
];

export interface LabelledSetFigures {
  inLibrary: number;
  answeredInLibrary: number;
  offLibrary: number;
  flaggedOffLibrary: number;
  /** Answered drafts (in- or off-library) citing no source of the question's topic. */
  wrongTopicAnswers: string[];
  /** Off-library questions that got an answer. */
  answeredOffLibrary: string[];
  /** In-library questions that were flagged. */
  unansweredInLibrary: string[];
}

const flagged = (draft: Draft) => draft.flags?.includes(DRAFT_FLAGS.noRelevantSources) ?? false;

/** Drafts every labelled question with the generator and counts what came back. */
export async function measureLabelledSet(generator: DraftGenerator): Promise<LabelledSetFigures> {
  const figures: LabelledSetFigures = {
    inLibrary: 0,
    answeredInLibrary: 0,
    offLibrary: 0,
    flaggedOffLibrary: 0,
    wrongTopicAnswers: [],
    answeredOffLibrary: [],
    unansweredInLibrary: [],
  };
  for (const [index, item] of LABELLED_SET.entries()) {
    const draft = await generator.generate({
      questionId: `labelled-${index}`,
      question: item.question,
      audience: 'patient',
      revision: 1,
      reviewerComments: [],
    });
    if (item.topics) {
      figures.inLibrary++;
      if (flagged(draft)) {
        figures.unansweredInLibrary.push(item.question);
        continue;
      }
      figures.answeredInLibrary++;
      const cited = draft.citations.map((citation) => citation.sourceId ?? '');
      if (!cited.some((id) => item.topics?.some((topic) => id.startsWith(topic)))) {
        figures.wrongTopicAnswers.push(`${item.question} → ${cited.join(', ')}`);
      }
    } else {
      figures.offLibrary++;
      if (flagged(draft)) figures.flaggedOffLibrary++;
      else {
        figures.answeredOffLibrary.push(item.question);
        figures.wrongTopicAnswers.push(
          `${item.question} → ${draft.citations.map((citation) => citation.sourceId).join(', ')}`,
        );
      }
    }
  }
  return figures;
}
