import { describe, expect, it } from 'vitest';
import { namesConditionOrDrug } from '../../shared/domain/clinical-morphology.ts';

describe('condition and drug names by their form', () => {
  it.each([
    'diverticulitis',
    'Bronchiolitis',
    'fibrosis',
    'trichomoniasis',
    'thalassaemia',
    'anemia',
    'glaucoma',
    'neuropathy',
    'fibromyalgia',
    'hemiplegia',
    'neutropenia',
    'splenomegaly',
    'denosumab',
    'imatinib',
    'ramipril',
    'losartan',
    'bisoprolol',
    'amlodipine',
    'atorvastatin',
    'omeprazole',
    'amoxicillin',
    'clarithromycin',
    'doxycycline',
    'ciprofloxacin',
    'valaciclovir',
    'valacyclovir',
    'sitagliptin',
    'dapagliflozin',
    'semaglutide',
    'enoxaparin',
    'apixaban',
    'dabigatran',
    'alendronate',
    'famotidine',
    'ondansetron',
    'sumatriptan',
    'montelukast',
    'fluoxetine',
    'diazepam',
    'midazolam',
    'ibuprofen',
    'celecoxib',
    'furosemide',
    'bendroflumethiazide',
    'tiotropium',
    'salmeterol',
  ])('reads "%s" as a condition or a drug', (word) => {
    expect(namesConditionOrDrug(word)).toBe(true);
  });

  it.each([
    'tophaceous',
    'otoscopy',
    'infectivity',
    'carb',
    'afib',
    'coma',
    'diagnose',
    'stepwise',
    'Kenya',
    'hla02',
  ])('does not read "%s" as one', (word) => {
    expect(namesConditionOrDrug(word)).toBe(false);
  });
});
