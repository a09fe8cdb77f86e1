package ai.medscribe.functions.api;

import ai.medscribe.functions.api.dto.CompletedUpload;
import ai.medscribe.functions.api.dto.OutputFormat;
import ai.medscribe.functions.service.Limits;
import ai.medscribe.functions.service.NoteCompleter;
import ai.medscribe.functions.upload.InFlightUploads;
import ai.medscribe.functions.upload.TriggerSettings;
import ai.medscribe.functions.upload.UploadEvent;
import ai.medscribe.functions.upload.UploadTrigger;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;

import ai.medscribe.functions.upload.TranscriptUploads;
import ai.medscribe.model.ModelKind;
import ai.medscribe.store.ObjectStore;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEventMapping;

/**
 * complete-upload: the storage-upload trigger. S3 notifications arrive as CloudEvents of type
 * com.amazonaws.s3.ObjectCreated (mapped here); Google Cloud Storage finalize events through the
 * mapping in application.properties; plain POST of either data shape also works.
 */
public class CompleteUploadFunction {

    private final UploadTrigger trigger;
    private final TranscriptUploads transcripts;
    private final FunctionMetrics metrics;
    private final int steps;

    public CompleteUploadFunction(ObjectStore store, NoteCompleter completer, FunctionMetrics metrics,
            Limits limits, InFlightUploads inFlight, TranscriptUploads transcripts,
            @ConfigProperty(name = "medscribe.trigger.bucket") java.util.Optional<String> bucket,
            @ConfigProperty(name = "medscribe.trigger.input-prefix", defaultValue = "incoming/") String inputPrefix,
            @ConfigProperty(name = "medscribe.trigger.output-prefix", defaultValue = "completed/") String outputPrefix,
            @ConfigProperty(name = "medscribe.trigger.steps", defaultValue = "20") int steps,
            @ConfigProperty(name = "medscribe.trigger.temperature", defaultValue = "0.8") double temperature,
            @ConfigProperty(name = "medscribe.trigger.format", defaultValue = "json") OutputFormat format,
            @ConfigProperty(name = "medscribe.trigger.dead-letter-prefix", defaultValue = "failed/") String deadLetterPrefix) {
        this.metrics = metrics;
        this.transcripts = transcripts;
        this.steps = steps;
        this.trigger = new UploadTrigger(
                new TriggerSettings(bucket.orElse(""), inputPrefix, outputPrefix, steps, temperature, limits.current().maxNoteChars(),
                        format, deadLetterPrefix),
                store, completer, inFlight, () -> metrics.modelRun(FunctionNames.COMPLETE_UPLOAD));
    }

    /**
     * One answer per event, in order: a {@link CompletedUpload} for a partial note, a
     * {@link TranscriptUploads.DraftedUpload} for a transcript (a key under the transcript prefix).
     */
    @Funq(FunctionNames.COMPLETE_UPLOAD)
    @CloudEventMapping(trigger = FunctionNames.S3_OBJECT_CREATED)
    public List<Object> completeUpload(JsonNode data) {
        List<UploadEvent> events = UploadEvent.from(data);
        if (events.stream().noneMatch(e -> transcripts.accepts(e.key()))) {
            return List.copyOf(metrics.time(FunctionNames.COMPLETE_UPLOAD, ModelKind.DIFFUSION.id(), steps, () -> trigger.handle(events)));
        }
        // every location is checked before anything runs, as the note trigger does
        for (UploadEvent e : events) {
            if (transcripts.accepts(e.key())) {
                trigger.checkBucketAndKey(e);
            } else {
                trigger.checkLocation(e);
            }
        }
        List<Object> done = new ArrayList<>();
        for (UploadEvent e : events) {
            done.add(transcripts.accepts(e.key())
                    ? metrics.time(FunctionNames.COMPLETE_UPLOAD, "drafting", 0, () -> transcripts.handle(e.bucket(), e.key()))
                    : metrics.time(FunctionNames.COMPLETE_UPLOAD, ModelKind.DIFFUSION.id(), steps, () -> trigger.handle(List.of(e)).get(0)));
        }
        return done;
    }
}
