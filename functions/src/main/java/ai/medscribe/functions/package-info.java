/** The MedScribe Funqy functions. */
package ai.medscribe.functions;
