/**
 * What intake needs from the text classifier (built in `classifier/`): the best categories for a
 * description. When no classifier is wired in (or it failed to train), intake reports
 * classification as unavailable and asks for `categoryCode` instead of guessing.
 */

/** A ranked guess. */
export interface CategoryGuess {
  label: string;
  score: number;
}

/** The port intake calls. */
export interface CaseClassifierPort {
  /** False when no trained model is available (intake then requires categoryCode). */
  readonly available: boolean;
  classify(text: string, k?: number): Promise<CategoryGuess[]>;
}

/** The stand-in used when no classifier is wired: it never answers. */
export const UNAVAILABLE_CLASSIFIER: CaseClassifierPort = {
  available: false,
  classify: async () => [],
};
