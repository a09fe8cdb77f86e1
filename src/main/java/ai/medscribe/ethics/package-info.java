/**
 * The ethics report: PHI-like spans in a note, and the case study's ethical impact assessment made
 * specific to clinical documentation and backed by the loaded bundles' own evidence.
 */
package ai.medscribe.ethics;
