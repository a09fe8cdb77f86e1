package ai.medscribe.functions.upload;

import ai.medscribe.functions.config.MedscribeConfig;

import ai.medscribe.functions.service.DraftService;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.medscribe.dialog.MtsHeader;
import ai.medscribe.draft.Drafter;
import ai.medscribe.functions.service.BadRequestException;
import ai.medscribe.functions.api.dto.DraftRequest;
import ai.medscribe.functions.api.dto.DraftResponse;
import ai.medscribe.functions.api.dto.DraftedUpload;
import ai.medscribe.functions.api.dto.DraftedUpload.Provenance;
import ai.medscribe.model.ModelKind;
import ai.medscribe.store.ObjectStore;
import ai.medscribe.store.StoreException;

/**
 * The upload trigger's transcripts: an object under {@code medscribe.trigger.transcript-prefix}
 * ({@code transcripts/}) in the trigger's bucket is a conversation transcript (UTF-8 text); its
 * configured sections ({@code medscribe.trigger.draft-sections}, HPI, ASSESSMENT, PLAN) are drafted
 * ({@link DraftService}) and written with their provenance (model, model hash, steps, threshold,
 * time, source bucket and key, transcript SHA-256; never the transcript) as one JSON document under
 * the output prefix: {@code <output-prefix><key without prefix and extension>.<16 hex of the
 * content sha256>.draft.json}, by one conditional put (nothing partial; a redelivery, or another
 * replica that wrote first, finds it and answers {@code alreadyCompleted}). A transcript that cannot
 * be drafted (blank, over {@link DraftRequest#MAX_TRANSCRIPT_CHARS} characters, or with one turn over
 * the model's transcript region in tokens) is refused 4xx with its reason and nothing is written: the Broker's
 * retries then put the event in the dead-letter store with that reason. Keys are logged as hashes.
 */
@ApplicationScoped
public class TranscriptUploads {

    private static final Logger LOG = Logger.getLogger(TranscriptUploads.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String prefix;
    private final String outputPrefix;
    private final List<MtsHeader> headers;
    private final ModelKind model;
    private final Drafter.Options options;
    private final ObjectStore store;
    private final DraftService drafts;

    @Inject
    public TranscriptUploads(ObjectStore store, DraftService drafts, MedscribeConfig config) {
        this(store, drafts, config.trigger().transcriptPrefix(), config.trigger().outputPrefix(),
                config.trigger().draftSections(), config.trigger().draftModel(), config.trigger().draftSteps(),
                config.trigger().draftThreshold());
    }

    TranscriptUploads(ObjectStore store, DraftService drafts, String prefix, String outputPrefix, List<String> sections,
            String model, Optional<Integer> steps, Optional<Double> threshold) {
        if (prefix.isEmpty() || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("medscribe.trigger.transcript-prefix must be a folder ending in /");
        }
        this.store = store;
        this.drafts = drafts;
        this.prefix = prefix;
        this.outputPrefix = outputPrefix;
        // a bad setting stops the start, naming it
        this.headers = sections.stream().map(MtsHeader::parse).toList();
        this.model = ModelKind.fromId(model);
        this.options = new Drafter.Options(steps.orElse(Drafter.Options.DEFAULT_STEPS),
                threshold.orElse(Drafter.Options.DEFAULT_THRESHOLD));
    }

    /** Whether the object is a transcript (under the transcript prefix, with a name after it). */
    public boolean accepts(String key) {
        return key != null && key.startsWith(prefix) && key.length() > prefix.length();
    }

    public String prefix() {
        return prefix;
    }

    /** Drafts the transcript at {@code bucket}/{@code key} (location already checked), or finds its draft. */
    public DraftedUpload handle(String bucket, String key) {
        long start = System.nanoTime();
        byte[] input;
        try {
            input = store.read(bucket, key);
        } catch (StoreException missing) {
            if (missing.missing()) {
                throw new BadRequestException(404, "key", null, "no object at the event's bucket and key");
            }
            throw missing;
        } catch (IllegalArgumentException refused) {
            throw new BadRequestException(403, "key", prefix, "the store refuses this key");
        }
        String sha = DraftService.sha256Bytes(input);
        String outputKey = outputKey(key, sha);
        if (store.exists(bucket, outputKey)) {
            LOG.infof("transcript %s already drafted as %s", ObjectStore.logId(key), ObjectStore.logId(outputKey));
            return existing(bucket, key, outputKey);
        }
        String transcript = new String(input, StandardCharsets.UTF_8);
        if (transcript.isBlank()) {
            throw new BadRequestException("transcript", "required, not blank", "the uploaded transcript is empty");
        }
        if (transcript.length() > DraftRequest.MAX_TRANSCRIPT_CHARS) {
            throw new BadRequestException(413, "transcript", DraftRequest.MAX_TRANSCRIPT_CHARS, "the uploaded transcript is "
                    + transcript.length() + " characters, more than the limit of " + DraftRequest.MAX_TRANSCRIPT_CHARS);
        }
        DraftResponse draft = drafts.draft(new DraftService.Command(transcript, headers, model, options));
        Provenance provenance = new Provenance(draft.model(), draft.modelHash(), draft.steps(), draft.threshold(),
                Instant.now().toString(), bucket, key, draft.transcriptSha256());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("draft", draft);
        doc.put("provenance", provenance);
        byte[] bytes;
        try {
            bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the draft as JSON", e);
        }
        if (!store.putIfAbsent(bucket, outputKey, bytes, "application/json")) {
            LOG.infof("transcript %s was drafted by another writer as %s; this run's draft is dropped",
                    ObjectStore.logId(key), ObjectStore.logId(outputKey));
            return existing(bucket, key, outputKey);
        }
        LOG.infof("drafted transcript %s as %s: %d sections in %d ms", ObjectStore.logId(key), ObjectStore.logId(outputKey),
                headers.size(), (System.nanoTime() - start) / 1_000_000);
        return new DraftedUpload(bucket, key, outputKey, names(draft), false, provenance);
    }

    /** {@code <output-prefix><key without prefix and extension>.<16 hex of the content sha256>.draft.json}. */
    String outputKey(String key, String sha) {
        String relative = key.substring(prefix.length());
        int slash = relative.lastIndexOf('/');
        int dot = relative.lastIndexOf('.');
        if (dot > slash + 1) {
            relative = relative.substring(0, dot);
        }
        return outputPrefix + relative + "." + sha.substring(0, 16) + ".draft.json";
    }

    private static List<String> names(DraftResponse draft) {
        return draft.sections().stream().map(DraftResponse.Section::name).toList();
    }

    private DraftedUpload existing(String bucket, String key, String outputKey) {
        try {
            JsonNode doc = JSON.readTree(store.read(bucket, outputKey));
            DraftResponse draft = JSON.treeToValue(doc.path("draft"), DraftResponse.class);
            Provenance p = JSON.treeToValue(doc.path("provenance"), Provenance.class);
            return new DraftedUpload(bucket, key, outputKey, names(draft), true, p);
        } catch (IOException | IllegalArgumentException ex) {
            throw new StoreException("drafted transcript " + ObjectStore.logId(outputKey) + " is unreadable", false, ex);
        }
    }
}
