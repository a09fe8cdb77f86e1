package ai.medscribe.functions;

import ai.medscribe.functions.api.dto.CompletedUpload;
import ai.medscribe.functions.api.dto.ModelInfo;
import ai.medscribe.functions.service.NoteCompleter;
import ai.medscribe.functions.upload.TriggerSettings;
import ai.medscribe.functions.upload.UploadEvent;
import ai.medscribe.functions.upload.UploadTrigger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import ai.medscribe.note.Section;
import ai.medscribe.store.LocalObjectStore;

/**
 * Two replicas (two triggers, each with its own in-process lock) complete one upload at the same
 * time, sharing the store: both run the model, the conditional write keeps the first note, and the
 * second answers alreadyCompleted with the first's provenance instead of overwriting it.
 */
class ConcurrentReplicasTest {

    private static final ModelInfo MODEL = new ModelInfo("diffusion-test", "diffusion", "test", "ab12cd34", 1234);

    @Test
    void theSecondReplicaToWriteAnswersAlreadyCompletedAndLeavesTheFirstNote(@TempDir Path root) throws Exception {
        LocalObjectStore store = new LocalObjectStore(root);
        store.put("notes", "incoming/visit-3.txt", "HPI: cough\nEXAM: clear\n".getBytes(StandardCharsets.UTF_8),
                "text/plain");
        // Both model runs wait for each other, so both replicas are past their "already done?" check.
        CyclicBarrier bothRunning = new CyclicBarrier(2);
        NoteCompleter completer = (request, options) -> {
            try {
                bothRunning.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            Map<Section, String> sections = new EnumMap<>(request.given());
            request.generate().forEach(s -> sections.put(s, "written by " + Thread.currentThread().getName()));
            return new NoteCompleter.Completion(sections, request.generate(), MODEL);
        };
        TriggerSettings settings = new TriggerSettings("notes", "incoming/", "completed/", 12, 0.7, 8000);
        List<UploadTrigger> replicas = List.of(new UploadTrigger(settings, store, completer),
                new UploadTrigger(settings, store, completer));
        List<UploadEvent> event = UploadEvent.from(new ObjectMapper().readTree(
                "{\"bucket\":\"notes\",\"name\":\"incoming/visit-3.txt\"}"));

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<CompletedUpload>> answers = replicas.stream()
                    .map(r -> pool.submit(() -> r.handle(event).get(0))).toList();
            CompletedUpload a = answers.get(0).get(1, TimeUnit.MINUTES);
            CompletedUpload b = answers.get(1).get(1, TimeUnit.MINUTES);

            assertEquals(1, (a.alreadyCompleted() ? 1 : 0) + (b.alreadyCompleted() ? 1 : 0), "one writer, one refused");
            CompletedUpload wrote = a.alreadyCompleted() ? b : a;
            CompletedUpload refused = a.alreadyCompleted() ? a : b;
            assertEquals(wrote.outputKey(), refused.outputKey());
            assertEquals(wrote.provenance(), refused.provenance());
            assertEquals(List.of(wrote.outputKey()), store.list("notes", "completed/"));
            byte[] stored = store.read("notes", wrote.outputKey());
            assertEquals(wrote.provenance().time(),
                    new ObjectMapper().readTree(stored).path("provenance").path("time").asText());

            CompletedUpload redelivered = replicas.get(0).handle(event).get(0);
            assertTrue(redelivered.alreadyCompleted());
            assertArrayEquals(stored, store.read("notes", wrote.outputKey()));
        } finally {
            pool.shutdownNow();
        }
    }
}
