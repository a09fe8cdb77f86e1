package ai.medscribe.functions;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points the functions at the tiny note bundles and the tiny drafting bundles (each trained on first use). */
public class TinyDraftBundlesResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("medscribe.bundles.location", TinyBundles.directory().toString(),
                "medscribe.drafting.dir", TinyDraftBundles.directory().toString());
    }

    @Override
    public void stop() {
        // the bundles stay for the other test classes of this JVM
    }
}
