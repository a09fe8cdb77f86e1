package ai.medscribe.functions.upload;

import ai.medscribe.functions.api.FhirAnswers;
import ai.medscribe.functions.api.dto.CompletedUpload;
import ai.medscribe.functions.api.dto.InfillResponse;
import ai.medscribe.functions.api.dto.ModelInfo;
import ai.medscribe.functions.api.dto.OutputFormat;
import ai.medscribe.functions.api.dto.UnparsedText;
import ai.medscribe.functions.service.BadRequestException;
import ai.medscribe.functions.service.NoteCompleter;
import ai.medscribe.functions.service.PartialNote;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.medscribe.note.Section;
import ai.medscribe.sample.InfillRequest;
import ai.medscribe.sample.SamplerOptions;
import ai.medscribe.store.ObjectRefusedException;
import ai.medscribe.store.ObjectStore;
import ai.medscribe.store.StoreException;

/**
 * The storage-upload trigger: read the uploaded partial note, fill its missing sections, write the
 * completed note with its provenance under the output prefix. The output key and the seed follow
 * from the input key and content hash, so a redelivered event finds its output and writes nothing.
 * Store failures propagate (the function answers 5xx and the broker redelivers); the single atomic
 * put is the only write, so a failure leaves no partial output. Concurrent deliveries of one upload
 * run the model once in a replica ({@link InFlightUploads}): the others wait and answer
 * {@code alreadyCompleted}. Across replicas the write is conditional ({@link ObjectStore#putIfAbsent},
 * S3 {@code If-None-Match: *}): the first completion stays, a later writer answers {@code alreadyCompleted}.
 * A key the store refuses (its real path leaves the bucket) is answered 403. Keys may name a patient:
 * they are logged only as {@link ObjectStore#logId hashes}.
 */
public final class UploadTrigger {

    private static final Logger LOG = Logger.getLogger(UploadTrigger.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A completed note found at an output key is read up to this size (someone else may have put it there). */
    static final long MAX_OUTPUT_BYTES = 4L << 20;

    private final TriggerSettings settings;
    private final ObjectStore store;
    private final NoteCompleter completer;
    private final InFlightUploads inFlight;
    private final Runnable modelRun;

    public UploadTrigger(TriggerSettings settings, ObjectStore store, NoteCompleter completer) {
        this(settings, store, completer, new InFlightUploads(), () -> {
        });
    }

    /**
     * @param inFlight the completions running in this process (shared by every request)
     * @param modelRun called before each model run (a metric)
     */
    public UploadTrigger(TriggerSettings settings, ObjectStore store, NoteCompleter completer, InFlightUploads inFlight,
            Runnable modelRun) {
        this.settings = settings;
        this.store = store;
        this.completer = completer;
        this.inFlight = inFlight;
        this.modelRun = modelRun;
    }

    public List<CompletedUpload> handle(List<UploadEvent> events) {
        events.forEach(this::checkLocation);
        List<CompletedUpload> done = new ArrayList<>();
        for (UploadEvent e : events) {
            done.add(complete(e));
        }
        return done;
    }

    /** Refuses objects outside the configured bucket and input prefix. */
    public void checkLocation(UploadEvent e) {
        checkBucketAndKey(e);
        if (!e.key().startsWith(settings.inputPrefix()) || e.key().length() == settings.inputPrefix().length()) {
            throw new BadRequestException(403, "key", settings.inputPrefix(), "the trigger only reads keys under "
                    + settings.inputPrefix());
        }
    }

    /** Refuses objects outside the configured bucket, and keys the store would refuse (any prefix). */
    public void checkBucketAndKey(UploadEvent e) {
        if (!settings.bucket().isEmpty() && !settings.bucket().equals(e.bucket())) {
            throw new BadRequestException(403, "bucket", settings.bucket(), "the trigger only reads bucket "
                    + settings.bucket());
        }
        try {
            ObjectStore.checkKey(e.bucket(), e.key());
        } catch (IllegalArgumentException bad) {
            throw new BadRequestException(403, "key", settings.inputPrefix(), bad.getMessage());
        }
    }

    private CompletedUpload complete(UploadEvent e) {
        long start = System.nanoTime();
        byte[] input;
        try {
            input = store.read(e.bucket(), e.key(), maxObjectBytes());
        } catch (ObjectRefusedException permanent) {
            throw refusedObject(permanent);
        } catch (StoreException missing) {
            if (missing.missing()) {
                throw new BadRequestException(404, "key", null, "no object at the event's bucket and key");
            }
            throw missing;
        } catch (IllegalArgumentException refused) {
            throw refused(refused);
        }
        requireUtf8(input);
        String contentHash = sha256Hex(input);
        String outputKey = outputKey(e.key(), contentHash);
        try {
            while (true) {
                if (store.exists(e.bucket(), outputKey)) {
                    LOG.infof("upload %s already completed as %s", ObjectStore.logId(e.key()), ObjectStore.logId(outputKey));
                    return existing(e, outputKey);
                }
                CompletedUpload done = inFlight.runOnce(e.bucket() + "/" + outputKey,
                        () -> run(e, input, contentHash, outputKey, start));
                if (done != null) {
                    return done;
                }
                // Another delivery of this upload ran the model: its output is there now.
            }
        } catch (IllegalArgumentException refused) {
            throw refused(refused);
        }
    }

    /** The most bytes an upload may hold: 4 per character of the note limit (UTF-8). */
    long maxObjectBytes() {
        return 4L * settings.maxNoteChars();
    }

    /**
     * An object the store will never give (too large, a folder, a FIFO or device): a 4xx of its own,
     * so a broker does not redeliver it and its dead-letter record says why.
     */
    private BadRequestException refusedObject(ObjectRefusedException e) {
        return switch (e.reason()) {
            case TOO_LARGE -> new BadRequestException(413, "object", settings.maxNoteChars(),
                    "the uploaded object is over the note size limit of " + settings.maxNoteChars() + " characters ("
                            + maxObjectBytes() + " bytes); it was not read");
            case FOLDER -> new BadRequestException(422, "key", "a regular file",
                    "the key names a folder, not an uploaded object");
            case SPECIAL_FILE -> new BadRequestException(422, "key", "a regular file",
                    "the key names a FIFO, device or socket, not an uploaded object");
        };
    }

    /** Uploaded text must be UTF-8: other bytes are refused (415) rather than completed as replacement characters. */
    private static void requireUtf8(byte[] input) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(ByteBuffer.wrap(input));
        } catch (java.nio.charset.CharacterCodingException notText) {
            throw new BadRequestException(415, "unsupported media type", "object", "UTF-8 text or JSON",
                    "the uploaded object is not UTF-8 text");
        }
    }

    /** The store refused a key (its real path leaves the bucket): the event's fault. */
    private BadRequestException refused(IllegalArgumentException e) {
        return new BadRequestException(403, "key", settings.inputPrefix(),
                "the store refuses this key: " + e.getMessage());
    }

    private CompletedUpload run(UploadEvent e, byte[] input, String contentHash, String outputKey, long start) {
        long seed = seed(e.key(), contentHash);
        PartialNote note;
        List<Section> generate;
        Map<Section, String> sections;
        String modelHash = null;
        ModelInfo model = null;
        NoteCompleter.Completion completion = null;
        try {
            note = PartialNote.fromUpload(input, settings.maxNoteChars());
            generate = note.toGenerate();
            sections = note.sections();
            if (!generate.isEmpty()) {
                Map<Section, String> given = new EnumMap<>(Section.class);
                note.sections().forEach((s, text) -> {
                    if (!text.isBlank()) {
                        given.put(s, text);
                    }
                });
                SamplerOptions options = SamplerOptions.infillDefaults().withSteps(settings.steps())
                        .withTemperature((float) settings.temperature()).withSeed(seed);
                modelRun.run();
                completion = completer.complete(given, generate, Map.of(), ai.medscribe.model.ModelKind.DIFFUSION,
                        options, note.field());
                if (completion.model() == null || !completion.generated().containsAll(generate)) {
                    throw new IllegalStateException("the model did not write every section of the upload");
                }
                sections = completion.sections();
                modelHash = completion.model().sha256();
                model = completion.model();
            }
        } catch (BadRequestException | ai.medscribe.sample.InvalidRequestException refused) {
            throw deadLetter(e, contentHash, outputKey, refused);
        }
        List<Section> withheld = note.withheld();
        boolean fhir = settings.format() == OutputFormat.FHIR;
        // A FHIR instant holds milliseconds: the same time in the document and in the answer.
        Instant now = fhir ? Instant.now().truncatedTo(ChronoUnit.MILLIS) : Instant.now();
        CompletedUpload.Provenance provenance = new CompletedUpload.Provenance(modelHash,
                settings.steps(), settings.temperature(), seed, now.toString(), e.bucket(), e.key(),
                contentHash);
        boolean wrote = fhir
                ? store.putIfAbsent(e.bucket(), outputKey,
                        FhirAnswers.upload(sections, generate, note.unparsed(), model, provenance), FhirAnswers.MEDIA_TYPE)
                : store.putIfAbsent(e.bucket(), outputKey, document(sections, generate, note, completion, provenance),
                        "application/json");
        if (!wrote) {
            // Another replica completed this upload while this one ran: its output stands.
            LOG.infof("upload %s was completed by another writer as %s; this run's note is dropped",
                    ObjectStore.logId(e.key()), ObjectStore.logId(outputKey));
            return existing(e, outputKey);
        }
        LOG.infof("completed upload %s as %s: %d sections generated in %d ms", ObjectStore.logId(e.key()),
                ObjectStore.logId(outputKey), generate.size(), (System.nanoTime() - start) / 1_000_000);
        return new CompletedUpload(e.bucket(), e.key(), outputKey, generate, false, provenance,
                generate.isEmpty() ? CompletedUpload.UNCHANGED : CompletedUpload.COMPLETED, withheld);
    }

    /**
     * A note refused for its content (no header, over the size limit, too long for any window of the
     * model): recorded under the dead-letter prefix with its reason, nothing under the output prefix,
     * and answered 4xx as a refused note, never as a refused key.
     */
    private BadRequestException deadLetter(UploadEvent e, String contentHash, String outputKey, RuntimeException refused) {
        BadRequestException why = refused instanceof BadRequestException b ? b
                : new BadRequestException(422, "note refused", "object", null, refused.getMessage());
        String key = settings.deadLetterPrefix() + outputKey.substring(settings.outputPrefix().length());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", why.status());
        doc.put("reason", why.body());
        doc.put("sourceBucket", e.bucket());
        doc.put("sourceKey", e.key());
        doc.put("sourceSha256", contentHash);
        doc.put("time", Instant.now().toString());
        try {
            store.putIfAbsent(e.bucket(), key, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc),
                    "application/json");
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write the refusal as JSON", ex);
        }
        LOG.infof("upload %s refused (%d, field %s): recorded as %s", ObjectStore.logId(e.key()), why.status(),
                why.body().field(), ObjectStore.logId(key));
        int status = why.status() >= 400 && why.status() < 500 && why.status() != 403 && why.status() != 404
                ? why.status() : 422;
        return new BadRequestException(status, "note refused", why.body().field(), why.body().limit(),
                "the uploaded note cannot be completed: " + why.getMessage() + " (recorded under the dead-letter prefix)");
    }

    /**
     * {@code completed/<input key without prefix and extension>.<first 16 hex of content sha256>.json}
     * ({@code .fhir.json} with format fhir).
     */
    String outputKey(String inputKey, String contentHash) {
        String relative = inputKey.substring(settings.inputPrefix().length());
        int slash = relative.lastIndexOf('/');
        int dot = relative.lastIndexOf('.');
        if (dot > slash + 1) {
            relative = relative.substring(0, dot);
        }
        return settings.outputPrefix() + relative + "." + contentHash.substring(0, 16)
                + (settings.format() == OutputFormat.FHIR ? ".fhir.json" : ".json");
    }

    public static long seed(String key, String contentHash) {
        byte[] digest = sha256((key + "\n" + contentHash).getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong() & Long.MAX_VALUE;
    }

    private static byte[] document(Map<Section, String> sections, List<Section> generated, PartialNote note,
            NoteCompleter.Completion completion, CompletedUpload.Provenance provenance) {
        Map<String, Object> doc = new LinkedHashMap<>();
        Map<Section, String> ordered = new EnumMap<>(sections);
        doc.put("status", generated.isEmpty() ? CompletedUpload.UNCHANGED : CompletedUpload.COMPLETED);
        doc.put("note", UnparsedText.note(ordered, note.unparsed()));
        doc.put("sections", ordered);
        doc.put("unparsed", note.unparsed());
        doc.put("generated", generated);
        doc.put("withheld", note.withheld());
        doc.put("labels", InfillResponse.labels(ordered, generated, completion == null ? null : completion.model()));
        doc.put("seen", completion == null ? Map.of() : completion.seen());
        doc.put("where", note.where());
        doc.put("provenance", provenance);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write the completed note as JSON", ex);
        }
    }

    private CompletedUpload existing(UploadEvent e, String outputKey) {
        try {
            if (settings.format() == OutputFormat.FHIR) {
                return FhirAnswers.completed(e.bucket(), e.key(), outputKey, store.read(e.bucket(), outputKey, MAX_OUTPUT_BYTES));
            }
            JsonNode doc = JSON.readTree(store.read(e.bucket(), outputKey, MAX_OUTPUT_BYTES));
            List<Section> generated = new ArrayList<>();
            doc.path("generated").forEach(n -> Section.fromName(n.asText()).ifPresent(generated::add));
            CompletedUpload.Provenance p = JSON.treeToValue(doc.path("provenance"), CompletedUpload.Provenance.class);
            List<Section> withheld = new ArrayList<>();
            doc.path("withheld").forEach(n -> Section.fromName(n.asText()).ifPresent(withheld::add));
            return new CompletedUpload(e.bucket(), e.key(), outputKey, generated, true, p,
                    doc.path("status").asText(generated.isEmpty() ? CompletedUpload.UNCHANGED : CompletedUpload.COMPLETED),
                    withheld);
        } catch (java.io.IOException | IllegalArgumentException ex) {
            throw new StoreException("completed note " + ObjectStore.logId(outputKey) + " is unreadable", false, ex);
        }
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256(bytes));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
