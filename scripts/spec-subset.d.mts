// Types of scripts/spec-subset.mjs for the tests that import it.
export const SPEC_PATH: string;
export const SUBSET_PATH: string;
export const PARAMS_PATH: string;
export const SAMPLES_DIR: string;
export const RESOURCES: string[];
export const SAMPLES: Record<string, string>;
export function buildSubset(spec: unknown, samples?: Record<string, unknown>): string;
export function buildParams(subsetText: string): string;
export function sampleShape(value: unknown): Record<string, Record<string, string>>;
export function readSamples(): Record<string, unknown>;
