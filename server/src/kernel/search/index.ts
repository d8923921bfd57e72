/** Chinese full-text search shared by the modules (catalog, knowledge base, case text). */
export { TextIndex, type IndexDocument, type SearchHit, type SearchOptions, type WeightedField } from './text-index.js';
export { tokenize, words, phrasePairs } from './tokenize.js';
