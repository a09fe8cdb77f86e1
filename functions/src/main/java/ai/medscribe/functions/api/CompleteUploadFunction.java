package ai.medscribe.functions.api;

import ai.medscribe.functions.config.MedscribeConfig;

import ai.medscribe.functions.api.dto.CompletedUpload;
import ai.medscribe.functions.api.dto.DraftedUpload;
import ai.medscribe.functions.api.dto.StorageEvent;
import ai.medscribe.functions.api.dto.UploadAnswer;
import ai.medscribe.functions.service.Limits;
import ai.medscribe.functions.service.NoteCompleter;
import ai.medscribe.functions.upload.InFlightUploads;
import ai.medscribe.functions.upload.TriggerSettings;
import ai.medscribe.functions.upload.UploadEvent;
import ai.medscribe.functions.upload.UploadTrigger;

import java.util.ArrayList;
import java.util.List;

import ai.medscribe.functions.upload.TranscriptUploads;
import ai.medscribe.model.ModelKind;
import ai.medscribe.store.ObjectStore;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEventMapping;

/**
 * complete-upload: the storage-upload trigger. S3 notifications arrive as CloudEvents of type
 * com.amazonaws.s3.ObjectCreated (mapped here); Google Cloud Storage finalize events through the
 * mapping in application.properties; plain POST of either data shape also works. Takes the event data
 * as a {@link StorageEvent} (its shape checked by the request gate, web.RequestGuard, before Funqy
 * binds it: {@link UploadEvent#from(com.fasterxml.jackson.databind.JsonNode)}).
 */
public class CompleteUploadFunction {

    private final UploadTrigger trigger;
    private final TranscriptUploads transcripts;
    private final FunctionMetrics metrics;
    private final int steps;

    public CompleteUploadFunction(ObjectStore store, NoteCompleter completer, FunctionMetrics metrics,
            Limits limits, InFlightUploads inFlight, TranscriptUploads transcripts, MedscribeConfig config) {
        MedscribeConfig.Trigger t = config.trigger();
        this.metrics = metrics;
        this.transcripts = transcripts;
        this.steps = t.steps();
        this.trigger = new UploadTrigger(
                new TriggerSettings(t.bucket().orElse(""), t.inputPrefix(), t.outputPrefix(), t.steps(), t.temperature(),
                        limits.current().maxNoteChars(), t.format(), t.deadLetterPrefix()),
                store, completer, inFlight, () -> metrics.modelRun(FunctionNames.COMPLETE_UPLOAD));
    }

    /**
     * One {@link UploadAnswer} per event, in order: a {@link CompletedUpload} for a partial note, a
     * {@link DraftedUpload} for a transcript (a key under the transcript prefix).
     */
    @Funq(FunctionNames.COMPLETE_UPLOAD)
    @CloudEventMapping(trigger = FunctionNames.S3_OBJECT_CREATED)
    public List<UploadAnswer> completeUpload(StorageEvent data) {
        List<UploadEvent> events = UploadEvent.from(data);
        if (events.stream().noneMatch(e -> transcripts.accepts(e.key()))) {
            return List.<UploadAnswer>copyOf(metrics.time(FunctionNames.COMPLETE_UPLOAD, ModelKind.DIFFUSION.id(), steps, () -> trigger.handle(events)));
        }
        // every location is checked before anything runs, as the note trigger does
        for (UploadEvent e : events) {
            if (transcripts.accepts(e.key())) {
                trigger.checkBucketAndKey(e);
            } else {
                trigger.checkLocation(e);
            }
        }
        List<UploadAnswer> done = new ArrayList<>();
        for (UploadEvent e : events) {
            if (transcripts.accepts(e.key())) {
                done.add(metrics.time(FunctionNames.COMPLETE_UPLOAD, "drafting", 0, () -> transcripts.handle(e.bucket(), e.key())));
            } else {
                done.add(metrics.time(FunctionNames.COMPLETE_UPLOAD, ModelKind.DIFFUSION.id(), steps,
                        () -> trigger.handle(List.of(e)).get(0)));
            }
        }
        return done;
    }
}
