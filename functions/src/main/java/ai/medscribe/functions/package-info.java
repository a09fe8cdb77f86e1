/**
 * The MedScribe functions (Quarkus Funqy: plain HTTP JSON and CloudEvents), by package:
 * <ul>
 * <li>{@code api}: the thin {@code @Funq} functions (each binds its request, calls one service, returns its answer),
 * the function names ({@code Function}) and their metrics;</li>
 * <li>{@code api.dto}: the request and response records;</li>
 * <li>{@code service}: the note service ({@code NoteWriter}), the request batcher, note windows, the drafting
 * service, the request limits and the service's refusals;</li>
 * <li>{@code bundles}: the bundle registry and its source (a directory or an S3 prefix, numbered versions),
 * warm-up, readiness and liveness;</li>
 * <li>{@code upload}: the storage-upload trigger, its events, object stores and in-flight uploads;</li>
 * <li>{@code web}: HTTP around the functions: error answers, the request gate, streaming (SSE), the
 * playground page, the bearer-token policy, log redaction;</li>
 * <li>{@code fhir}: notes as FHIR R4 documents;</li>
 * <li>{@code config}: every {@code medscribe.*} setting and its default.</li>
 * </ul>
 */
package ai.medscribe.functions;
