package ai.medscribe.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The functions' serving settings per overlay: on CPU nodes one TensorFlow thread per request and no
 * batching (what the load benchmark measured fastest on two cores); on GPUs both left at their
 * defaults (TensorFlow's threads, batching on).
 */
class CpuServingTest {

    private static JsonNode functions(String overlay) {
        JsonNode service = Manifests.named(Manifests.rendered(overlay), "Service", "medscribe-functions");
        return Manifests.podSpec(service).path("containers").get(0);
    }

    @Test
    void cpuReplicasWriteEachRequestOnOneCoreWithoutBatching() {
        JsonNode container = functions("cpu");
        assertEquals(Optional.of("1"), Manifests.env(container, "MEDSCRIBE_TF_INTRA_OP_THREADS"));
        assertEquals(Optional.of("false"), Manifests.env(container, "MEDSCRIBE_BATCHING_ENABLED"));
    }

    @Test
    void gpuReplicasKeepTheDefaults() {
        JsonNode container = functions("gpu");
        assertEquals(Optional.empty(), Manifests.env(container, "MEDSCRIBE_TF_INTRA_OP_THREADS"));
        assertEquals(Optional.empty(), Manifests.env(container, "MEDSCRIBE_BATCHING_ENABLED"));
    }
}
