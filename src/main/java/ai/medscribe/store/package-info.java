/**
 * Object stores: where uploaded partial notes are read and completed notes written. A local
 * directory (the embedded default) and S3-compatible storage share one interface.
 */
package ai.medscribe.store;
